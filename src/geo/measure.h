// Metric measures of WGS84 shapes, and the two overlay helpers (union,
// point-in-shape) that the grid modules share.
//
// Precision: areas are computed on the WGS84 ellipsoid through its
// cylindrical equal-area projection, which is exact for the ellipsoid; the
// only approximation is that an edge is taken as straight in that projection
// rather than as a geodesic, which for edges up to a few kilometres changes
// an area by far less than 0.01%. Lengths use the ellipsoid's meridian and
// prime-vertical radii at each edge's mid latitude (a local equirectangular
// frame per edge): the relative error is below 1e-6 for edges under 10 km.
// Shapes that cross the antimeridian or contain a pole are not supported.
#pragma once

#include <vector>

#include "geo/geometry.h"

namespace wangge::geo {

// Area in square metres of the region the shape covers (holes subtracted).
// Orientation does not matter: each ring's area is taken by absolute value,
// shells added and holes subtracted. Returns 0 for an empty shape.
double AreaM2(const Polygon& polygon);
double AreaM2(const MultiPolygon& shape);

// Length in metres of the whole boundary: every shell and every hole. A
// polygon without holes has the perimeter one would walk around it.
double PerimeterM(const MultiPolygon& shape);

// Polsby-Popper compactness 4*pi*A / P^2: 1 for a disc, about 0.785 for a
// square, near 0 for a long thin strip. Holes count in both A and P, so a
// grid with holes scores lower. Returns 0 for an empty shape.
double PolsbyPopper(const MultiPolygon& shape);

// A point strictly inside the shape (not on its boundary), found on the
// largest part by a horizontal scan line at a latitude that avoids every
// vertex, at the middle of the widest inside interval. Unlike a centroid it
// is inside C- and L-shaped grids too. Deterministic. Returns {0, 0} for an
// empty shape and the first vertex for a degenerate (zero-area) one.
LonLat RepresentativePoint(const MultiPolygon& shape);

// True when the point lies inside the shape or on its boundary, so that a
// household exactly on the edge between two grids belongs to both. Points in
// a hole are outside. Either ring orientation is accepted. Costs O(vertices)
// per call, conversion included: for many points use an index (CheckCoverage
// does).
bool Contains(const MultiPolygon& shape, LonLat point);

// The union of the shapes, as valid polygons with outer rings CCW and holes
// CW. Neighbouring parts that share an edge with bit-identical vertices merge
// without slivers; vertices of the inputs are kept (including collinear
// ones where the merged edges met, which keeps vertex identity with the
// neighbours' outlines), only consecutive duplicates are dropped. Inputs
// must be valid (see ValidatePolygon); the union of invalid shapes is
// unspecified. Unions pairwise in a balanced tree, so n shapes cost about
// log2(n) rounds rather than n growing ones.
MultiPolygon UnionAll(const std::vector<MultiPolygon>& shapes);

}  // namespace wangge::geo
