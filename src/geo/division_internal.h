// Internal to the grid division (see division.h): the Boost.Geometry
// aliases and the data its stages hand each other, namely units projected
// to metres, shared boundary lengths and the adjacency graph.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <vector>

namespace wangge::geo::internal {

namespace bg = boost::geometry;
using XY = bg::model::d2::point_xy<double>;
using Box = bg::model::box<XY>;

constexpr double kPi = 3.14159265358979323846;

// A unit's rings in projected metres, with its measures.
struct UnitGeometry {
  std::vector<std::vector<XY>> rings;
  Box box;
  bool has_box = false;
  double area = 0;
  double perimeter = 0;
};

struct PairLength {
  int a, b;       // a < b
  double length;  // metres of shared boundary
};

struct Graph {
  int n = 0;
  std::vector<int> xadj;    // CSR offsets, n + 1
  std::vector<int> adj;     // neighbours, ascending per unit
  std::vector<double> len;  // shared metres; 0 marks a bridge to an island
};

}  // namespace wangge::geo::internal
