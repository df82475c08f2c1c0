// The columns of the residents sheet (人口信息采集表) shared by import and
// export: one row per resident, households grouped by household number.
// Headers are accepted in Chinese or as English keys; enumerations in
// Chinese labels or codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::service {

struct ColumnSpec {
  std::string_view key;  // English key, also accepted as a header
  std::string_view zh;   // Chinese header written on export
};

// In export order.
const std::vector<ColumnSpec>& ResidentColumns();

// Finds the column key for a header ("身份证号" or "id_card"), ignoring
// surrounding spaces and a trailing "*" (required marker).
std::optional<std::string_view> ColumnKeyFor(std::string_view header);

// Code ↔ Chinese label for the enumerated columns. Unknown text is returned
// unchanged so that validation can name it.
std::string CodeFromLabel(std::string_view column, std::string_view text);
std::string LabelFromCode(std::string_view column, std::string_view code);

}  // namespace wangge::service
