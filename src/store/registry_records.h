// The registry records of 一标三实 as stored: standard addresses, real houses,
// households, real population and real units. Sensitive numbers are held as
// `*_enc` (sealed by FieldCipher), `*_masked` (what responses show) and, for
// ID numbers, `id_card_index` (a keyed blind index for exact search).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wangge::store {

struct Address {
  int64_t id = 0;
  int64_t grid_id = 0;
  std::string estate;    // 小区 / natural village
  std::string building;  // 幢 (or house number in rural parts)
  std::string unit;      // 单元
  std::string room;      // 室
  std::string full_text;
  std::optional<double> lon;
  std::optional<double> lat;
};

struct House {
  int64_t id = 0;
  int64_t grid_id = 0;
  int64_t address_id = 0;
  std::string use = "own";  // own | rental | shop_residence | vacant | other
  std::string structure;
  std::optional<double> floor_area;
  bool is_rental = false;
  std::string landlord_name;
  std::string landlord_phone_enc;
  std::string landlord_phone_masked;
  std::string lease_filing_no;
  std::optional<int64_t> rooms_let;
  std::optional<int64_t> max_occupants;
  std::string hidden_danger = "safe";  // safe | general | serious
  bool pledge_signed = false;
  // Joined for display.
  std::string address_text;
};

struct Household {
  int64_t id = 0;
  int64_t grid_id = 0;
  std::optional<int64_t> address_id;
  std::optional<int64_t> house_id;
  std::string household_no;
  std::string head_name;
  std::string kind =
      "registered";  // registered | rental | merchant | collective
  std::string phone_enc;
  std::string phone_masked;
  // Joined for display.
  std::string address_text;
  std::string grid_code;
  int64_t members = 0;
};

struct ResidentTag {
  std::string tag;
  std::string detail;
};

struct Resident {
  int64_t id = 0;
  int64_t household_id = 0;
  int64_t grid_id = 0;
  std::string name;
  std::string gender;  // M | F
  std::string birth_date;
  std::string id_card_enc;
  std::string id_card_masked;
  std::string id_card_index;
  std::string phone_enc;
  std::string phone_masked;
  std::string category = "registered";  // registered | floating | foreign
  std::string hukou_status =
      "together";  // together | household_only | person_only
  std::string relation;
  std::string ethnicity;
  std::string nationality;
  std::string passport_enc;
  std::string passport_masked;
  std::string origin;
  std::string arrival_date;
  std::string reason;
  std::optional<int64_t> expected_stay_months;
  std::string registration_deadline;
  std::string registered_on;
  std::vector<ResidentTag> tags;
  // Joined for display.
  std::string household_no;
  std::string grid_code;
  std::string address_text;
};

struct Unit {
  int64_t id = 0;
  int64_t grid_id = 0;
  std::optional<int64_t> address_id;
  std::optional<int64_t> household_id;
  std::string name;
  std::string
      kind;  // shop | company | outside_merchant | school | key_place | other
  std::string business;
  std::string contact_name;
  std::string contact_phone_enc;
  std::string contact_phone_masked;
  std::string license_no;
  std::optional<int64_t> employees;
  // Joined for display.
  std::string address_text;
  std::string grid_code;
};

// Filters shared by the registry lists. Empty fields do not filter.
struct RegistryFilter {
  // Rows must lie in one of these grids (already resolved from scope and
  // from a requested grid/community); nullopt means everywhere.
  std::optional<std::vector<int64_t>> grid_ids;
  std::optional<int64_t> household_id;
  std::string query;          // name / household number / address prefix
  std::string id_card_index;  // exact ID number, as a blind index
  std::string category;       // residents
  std::string tag;            // residents
  std::string hukou_status;   // residents
  bool registration_overdue = false;  // floating residents past deadline
  std::string today;                  // "YYYY-MM-DD" for the overdue filter
  std::string kind;                   // households, units
  std::string use;                    // houses
  std::string hidden_danger;          // houses
  std::optional<bool> is_rental;
};

}  // namespace wangge::store
