// Bulk import and export of the residents sheet (CSV or .xlsx). An import
// checks every row first; a file with any bad row imports nothing unless
// the caller asks to skip invalid rows, and what is imported is imported in
// one transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "service/registry_service.h"
#include "service/tabular/table.h"

namespace wangge::service {

struct RowError {
  int row = 0;         // the row number the user sees in the file
  std::string column;  // the header as written in the file
  std::string message;
};

struct ImportReport {
  int64_t total_rows = 0;
  int64_t imported_rows = 0;
  int64_t skipped_rows = 0;
  int64_t households_created = 0;
  bool dry_run = false;
  std::vector<RowError> errors;
};

enum class SkipInvalid { kNo, kYes };
enum class DryRun { kNo, kYes };

// Which file format a byte string holds (by content, not by name).
enum class SheetFormat { kCsv, kXlsx };
SheetFormat DetectFormat(std::string_view bytes);

struct ExportOptions {
  RegistryQuery query;
  // Full ID / phone numbers instead of masked ones: needs the reveal right
  // and a reason, and is audited.
  bool reveal = false;
  std::string reason;
};

class ImportService {
 public:
  ImportService(store::Database& db, RegistryService& registry,
                const AuditService& audit)
      : db_(db), registry_(registry), audit_(audit) {}

  // Parses CSV or .xlsx bytes and imports them. A file that cannot be read
  // at all fails with an error; row problems go into the report (and then
  // nothing is imported unless `skip` is kYes).
  Result<ImportReport> ImportResidents(const Actor& actor,
                                       std::string_view bytes, SkipInvalid skip,
                                       DryRun dry_run);
  Result<ImportReport> ImportResidentsTable(const Actor& actor,
                                            const tabular::Table& table,
                                            SkipInvalid skip, DryRun dry_run);

  // Builds the residents sheet for export.
  Result<tabular::Table> ExportResidents(const Actor& actor,
                                         const ExportOptions& options);

 private:
  store::Database& db_;
  RegistryService& registry_;
  const AuditService& audit_;
};

}  // namespace wangge::service
