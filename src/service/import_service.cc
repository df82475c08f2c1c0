#include "service/import_service.h"

#include <charconv>
#include <map>
#include <set>

#include "core/id_card.h"
#include "core/masking.h"
#include "service/permissions.h"
#include "service/resident_columns.h"
#include "service/tabular/csv.h"
#include "service/tabular/xlsx_reader.h"
#include "store/area_store.h"
#include "store/registry_store.h"

namespace wangge::service {

namespace {

// One parsed row, before any write.
struct ParsedRow {
  int row = 0;
  HouseholdInput household;
  std::optional<HouseInput> house;
  ResidentInput resident;
  std::string id_card_index;
};

class RowReader {
 public:
  RowReader(const tabular::Table& t,
            const std::map<std::string_view, size_t>& cols, size_t row)
      : t_(t), cols_(cols), row_(row) {}
  std::string Get(std::string_view key) const {
    auto it = cols_.find(key);
    if (it == cols_.end()) return "";
    std::string_view v = t_.Cell(row_, it->second);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
      v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
      v.remove_suffix(1);
    return std::string(v);
  }
  std::string Code(std::string_view key) const {
    return CodeFromLabel(key, Get(key));
  }

 private:
  const tabular::Table& t_;
  const std::map<std::string_view, size_t>& cols_;
  size_t row_;
};

bool ParseDouble(const std::string& s, std::optional<double>* out) {
  if (s.empty()) return true;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  *out = v;
  return true;
}

bool ParseInt(const std::string& s, std::optional<int64_t>* out) {
  if (s.empty()) return true;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return false;
  *out = v;
  return true;
}

// Splits "独居老人；低保对象" or "elderly_alone,low_income" into tag codes.
Result<std::vector<store::ResidentTag>> ParseTags(
    const std::string& text,
    const std::map<std::string, std::string>& by_name) {
  std::vector<store::ResidentTag> out;
  std::string cur;
  auto flush = [&]() -> Status {
    if (cur.empty()) return {};
    auto it = by_name.find(cur);
    if (it == by_name.end())
      return Invalid("import.tag", "unknown tag \"" + cur + "\"", "tags");
    for (const auto& t : out)
      if (t.tag == it->second) {
        cur.clear();
        return {};
      }
    out.push_back({it->second, ""});
    cur.clear();
    return {};
  };
  for (size_t i = 0; i < text.size();) {
    // Separators: , ; | and the full-width ；，、
    static const std::string_view kWide[] = {"；", "，", "、"};
    bool sep =
        text[i] == ',' || text[i] == ';' || text[i] == '|' || text[i] == ' ';
    size_t len = 1;
    for (auto w : kWide)
      if (text.compare(i, w.size(), w) == 0) {
        sep = true;
        len = w.size();
      }
    if (sep) {
      WG_TRY(flush());
    } else {
      cur.append(text, i, len);
    }
    i += len;
  }
  WG_TRY(flush());
  return out;
}

}  // namespace

SheetFormat DetectFormat(std::string_view bytes) {
  // .xlsx files are zip archives: "PK\x03\x04".
  if (bytes.size() >= 4 &&
      bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return SheetFormat::kXlsx;
  return SheetFormat::kCsv;
}

Result<ImportReport> ImportService::ImportResidents(const Actor& actor,
                                                    std::string_view bytes,
                                                    SkipInvalid skip,
                                                    DryRun dry_run) {
  Result<tabular::Table> table = DetectFormat(bytes) == SheetFormat::kXlsx
                                     ? tabular::ReadXlsxBytes(bytes)
                                     : tabular::ParseCsv(bytes);
  if (!table) return std::unexpected(table.error());
  return ImportResidentsTable(actor, *table, skip, dry_run);
}

Result<ImportReport> ImportService::ImportResidentsTable(
    const Actor& actor, const tabular::Table& table, SkipInvalid skip,
    DryRun dry_run) {
  WG_TRY(Require(actor, Capability::kImportExport));
  WG_TRY(Require(actor, Capability::kWriteRegistry));
  ImportReport report;
  report.dry_run = dry_run == DryRun::kYes;
  report.total_rows = static_cast<int64_t>(table.rows.size());

  // Columns: every header must be known, the key ones must be present.
  std::map<std::string_view, size_t> cols;
  std::map<std::string, std::string> header_of;  // key -> header as written
  for (size_t i = 0; i < table.header.size(); ++i) {
    if (table.header[i].empty()) continue;
    auto key = ColumnKeyFor(table.header[i]);
    if (!key) {
      report.errors.push_back({1, table.header[i], "unknown column"});
      continue;
    }
    if (cols.count(*key)) {
      report.errors.push_back({1, table.header[i], "column given twice"});
      continue;
    }
    cols[*key] = i;
    header_of[std::string(*key)] = table.header[i];
  }
  for (std::string_view required :
       {"grid_code", "household_no", "estate", "name"})
    if (!cols.count(required))
      report.errors.push_back(
          {1, std::string(required), "required column is missing"});
  if (!report.errors.empty()) {
    report.skipped_rows = report.total_rows;
    return report;  // a sheet with the wrong columns imports nothing
  }
  auto column_name = [&](const std::string& field) {
    // Map "address.estate" / "house.use" style fields back to a header.
    std::string key = field;
    if (auto dot = key.rfind('.'); dot != std::string::npos)
      key = key.substr(dot + 1);
    if (key == "use") key = "house_use";
    if (key == "kind") key = "household_kind";
    auto it = header_of.find(key);
    return it != header_of.end() ? it->second : field;
  };

  // Tag names (Chinese or codes) from the vocabulary.
  std::map<std::string, std::string> tag_by_name;
  WG_TRY(db_.Read([&](store::Connection& c) -> Status {
    WG_ASSIGN(store::Rows rows, c.Query("SELECT code, name_zh FROM tag_types"));
    for (const auto& r : rows) {
      tag_by_name[r.Text(0)] = r.Text(0);
      tag_by_name[r.Text(1)] = r.Text(0);
    }
    return {};
  }));

  // Pass 1: parse and validate every row without writing.
  std::vector<ParsedRow> good;
  std::set<std::string> ids_in_file;
  std::map<std::string, std::string> grid_of_household;  // household_no -> grid
  std::map<std::string, std::optional<int64_t>> grid_ok;  // code -> checked
  WG_TRY(db_.Read([&](store::Connection& c) -> Status {
    for (size_t i = 0; i < table.rows.size(); ++i) {
      const int row_no = i < table.row_numbers.size() ? table.row_numbers[i]
                                                      : static_cast<int>(i + 2);
      RowReader r(table, cols, i);
      auto fail = [&](const Error& e) {
        report.errors.push_back({row_no, column_name(e.field), e.message});
      };
      ParsedRow p;
      p.row = row_no;
      auto& h = p.household;
      h.grid_code = r.Get("grid_code");
      h.household_no = r.Get("household_no");
      h.kind = r.Code("household_kind");
      h.address = {r.Get("estate"), r.Get("building"), r.Get("unit"),
                   r.Get("room"),   std::nullopt,      std::nullopt};
      if (!ParseDouble(r.Get("lon"), &h.address.lon) ||
          !ParseDouble(r.Get("lat"), &h.address.lat)) {
        fail({ErrorCode::kInvalidArgument, "", "coordinates must be numbers",
              "lon"});
        continue;
      }
      if (h.grid_code.empty() || h.household_no.empty()) {
        fail({ErrorCode::kInvalidArgument, "", "is required",
              h.grid_code.empty() ? "grid_code" : "household_no"});
        continue;
      }
      // Grid known and in scope (checked once per code).
      if (!grid_ok.count(h.grid_code)) {
        auto g = registry_.ResolveGrid(c, actor, h.grid_code, std::nullopt);
        grid_ok[h.grid_code] = g ? std::optional<int64_t>(*g) : std::nullopt;
        if (!g && g.error().code != ErrorCode::kPermissionDenied &&
            g.error().code != ErrorCode::kInvalidArgument)
          return std::unexpected(g.error());
      }
      if (!grid_ok[h.grid_code]) {
        auto g = registry_.ResolveGrid(c, actor, h.grid_code, std::nullopt);
        fail({ErrorCode::kInvalidArgument, "", g ? "" : g.error().message,
              "grid_code"});
        continue;
      }
      auto [it, fresh] = grid_of_household.emplace(h.household_no, h.grid_code);
      if (!fresh && it->second != h.grid_code) {
        fail({ErrorCode::kInvalidArgument, "",
              "household " + h.household_no + " appears in two grids",
              "grid_code"});
        continue;
      }
      // The house, when the sheet describes one.
      if (cols.count("house_use") || cols.count("is_rental")) {
        HouseInput house;
        house.use = r.Code("house_use");
        if (house.use.empty()) house.use = "own";
        house.is_rental = r.Code("is_rental") == "1";
        house.landlord_name = r.Get("landlord_name");
        house.landlord_phone = r.Get("landlord_phone");
        house.hidden_danger = r.Code("hidden_danger");
        if (house.hidden_danger.empty()) house.hidden_danger = "safe";
        if (auto ok = registry_.BuildHouse(house); !ok) {
          fail(ok.error());
          continue;
        }
        p.house = house;
      }
      auto& res = p.resident;
      res.name = r.Get("name");
      res.gender = r.Code("gender");
      res.birth_date = r.Get("birth_date");
      res.id_card = r.Get("id_card");
      res.phone = r.Get("phone");
      res.category = r.Code("category");
      if (res.category.empty()) res.category = "registered";
      res.hukou_status = r.Code("hukou_status");
      res.relation = r.Get("relation");
      res.ethnicity = r.Get("ethnicity");
      res.nationality = r.Get("nationality");
      res.passport = r.Get("passport");
      res.origin = r.Get("origin");
      res.arrival_date = r.Get("arrival_date");
      res.reason = r.Code("reason");
      res.registered_on = r.Get("registered_on");
      if (!ParseInt(r.Get("expected_stay_months"), &res.expected_stay_months)) {
        fail({ErrorCode::kInvalidArgument, "", "must be a whole number",
              "expected_stay_months"});
        continue;
      }
      auto tags = ParseTags(r.Get("tags"), tag_by_name);
      if (!tags) {
        fail(tags.error());
        continue;
      }
      res.tags = *tags;
      if (r.Get("household_kind").empty() && res.category == "floating")
        h.kind = "rental";
      auto built = registry_.BuildResident(res, "");
      if (!built) {
        fail(built.error());
        continue;
      }
      if (!built->id_card_index.empty()) {
        if (!ids_in_file.insert(built->id_card_index).second) {
          fail({ErrorCode::kInvalidArgument, "",
                "the same ID number appears twice in the file", "id_card"});
          continue;
        }
        WG_ASSIGN(int64_t existing,
                  c.QueryInt("SELECT COUNT(*) FROM residents WHERE "
                             "id_card_index = ?",
                             {built->id_card_index}));
        if (existing > 0) {
          fail({ErrorCode::kInvalidArgument, "",
                "a resident with this ID number is already registered",
                "id_card"});
          continue;
        }
      }
      auto existing_household =
          store::RegistryStore::HouseholdByNo(c, h.household_no);
      if (!existing_household)
        return std::unexpected(existing_household.error());
      if (*existing_household &&
          (*existing_household)->grid_id != *grid_ok[h.grid_code]) {
        fail({ErrorCode::kInvalidArgument, "",
              "household " + h.household_no + " is registered in grid " +
                  (*existing_household)->grid_code,
              "household_no"});
        continue;
      }
      good.push_back(std::move(p));
    }
    return {};
  }));

  if (!report.errors.empty() && skip == SkipInvalid::kNo) {
    report.skipped_rows = report.total_rows;
    return report;
  }
  report.skipped_rows = report.total_rows - static_cast<int64_t>(good.size());
  if (dry_run == DryRun::kYes) {
    report.imported_rows = static_cast<int64_t>(good.size());
    return report;
  }

  // Pass 2: write every good row in one transaction.
  int failed_row = 0;
  auto written = db_.Write([&](store::Connection& c) -> Status {
    std::map<std::string, int64_t> household_ids;
    for (auto& p : good) {
      failed_row = p.row;
      auto& no = p.household.household_no;
      auto known = household_ids.find(no);
      if (known == household_ids.end()) {
        WG_ASSIGN(auto existing, store::RegistryStore::HouseholdByNo(c, no));
        int64_t id = 0;
        if (existing) {
          id = existing->id;
        } else {
          if (p.household.head_name.empty())
            p.household.head_name = p.resident.name;
          WG_ASSIGN(auto created,
                    registry_.CreateHouseholdIn(c, actor, p.household, p.house,
                                                Audit::kNo));
          id = created.id;
          ++report.households_created;
        }
        known = household_ids.emplace(no, id).first;
      }
      p.resident.household_id = known->second;
      WG_TRY(registry_.CreateResidentIn(c, actor, p.resident, Audit::kNo));
    }
    return audit_.Record(c, actor, "registry.import", {"residents", ""},
                         {{"rows", report.total_rows},
                          {"imported", static_cast<int64_t>(good.size())},
                          {"skipped", report.skipped_rows},
                          {"households_created", report.households_created}});
  });
  if (!written) {
    // Nothing was written: report the row that stopped the transaction.
    report.errors.push_back({failed_row, column_name(written.error().field),
                             written.error().message});
    report.households_created = 0;
    report.skipped_rows = report.total_rows;
    return report;
  }
  report.imported_rows = static_cast<int64_t>(good.size());
  return report;
}

Result<tabular::Table> ImportService::ExportResidents(
    const Actor& actor, const ExportOptions& options) {
  WG_TRY(Require(actor, Capability::kImportExport));
  WG_TRY(Require(actor, Capability::kReadRegistry));
  if (options.reveal) {
    WG_TRY(Require(actor, Capability::kRevealPersonal));
    if (options.reason.size() < 2)
      return Invalid("export.reason",
                     "an export with full numbers needs a reason", "reason");
  }
  tabular::Table table;
  for (const auto& c : ResidentColumns()) table.header.emplace_back(c.zh);
  int64_t count = 0;
  auto done = db_.Write([&](store::Connection& c) -> Status {
    store::RegistryFilter f;
    std::optional<int64_t> within =
        options.query.grid_id ? options.query.grid_id : options.query.area_id;
    WG_ASSIGN(f.grid_ids, ScopedGridIds(c, actor, within));
    f.category = options.query.category;
    f.tag = options.query.tag;
    f.query = options.query.q;
    // Houses and households are read once per household.
    std::map<int64_t, store::Household> households;
    std::map<int64_t, std::optional<store::House>> houses;
    const auto& cipher = registry_.cipher();
    Status inner;
    WG_TRY(
        store::RegistryStore::EachResident(c, f, [&](const store::Resident& r) {
          auto h = households.find(r.household_id);
          if (h == households.end()) {
            auto got = store::RegistryStore::GetHousehold(c, r.household_id);
            if (!got) {
              inner = std::unexpected(got.error());
              return false;
            }
            h = households.emplace(r.household_id, *got).first;
            if (got->house_id) {
              auto house = store::RegistryStore::GetHouse(c, *got->house_id);
              houses[r.household_id] =
                  house ? std::optional(*house) : std::nullopt;
            }
          }
          std::optional<store::Address> address;
          if (h->second.address_id) {
            auto a = store::RegistryStore::GetAddress(c, *h->second.address_id);
            if (a) address = *a;
          }
          const auto& house = houses[r.household_id];
          auto open = [&](const std::string& enc, const std::string& masked) {
            if (!options.reveal) return masked;
            auto plain = cipher.Decrypt(enc);
            return plain ? *plain : masked;
          };
          std::string tags;
          for (const auto& t : r.tags)
            tags += (tags.empty() ? "" : ";") + t.tag;
          auto fmt = [](std::optional<double> v) {
            if (!v) return std::string();
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6f", *v);
            return std::string(buf);
          };
          table.rows.push_back({
              r.grid_code,
              r.household_no,
              LabelFromCode("household_kind", h->second.kind),
              address ? address->estate : "",
              address ? address->building : "",
              address ? address->unit : "",
              address ? address->room : "",
              address ? fmt(address->lon) : "",
              address ? fmt(address->lat) : "",
              house ? LabelFromCode("house_use", house->use) : "",
              house ? (house->is_rental ? "是" : "否") : "",
              house ? house->landlord_name : "",
              house ? open(house->landlord_phone_enc,
                           house->landlord_phone_masked)
                    : "",
              house ? LabelFromCode("hidden_danger", house->hidden_danger) : "",
              r.name,
              LabelFromCode("gender", r.gender),
              r.birth_date,
              open(r.id_card_enc, r.id_card_masked),
              open(r.phone_enc, r.phone_masked),
              LabelFromCode("category", r.category),
              LabelFromCode("hukou_status", r.hukou_status),
              r.relation,
              r.ethnicity,
              r.nationality,
              open(r.passport_enc, r.passport_masked),
              r.origin,
              r.arrival_date,
              LabelFromCode("reason", r.reason),
              r.expected_stay_months ? std::to_string(*r.expected_stay_months)
                                     : "",
              r.registered_on,
              tags,
          });
          ++count;
          return true;
        }));
    WG_TRY(inner);
    return audit_.Record(c, actor, "registry.export", {"residents", ""},
                         {{"rows", count},
                          {"revealed", options.reveal},
                          {"reason", options.reason}});
  });
  if (!done) return std::unexpected(done.error());
  return table;
}

}  // namespace wangge::service
