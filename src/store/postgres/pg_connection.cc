#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <optional>
#include <utility>
#include <vector>

namespace wangge::store {

namespace {

// Beyond this many cached statements, new SQL texts run as the unnamed
// statement, so a caller that builds SQL dynamically cannot grow the server's
// memory without bound.
constexpr size_t kMaxCachedStatements = 512;

// Joins libpq's multi-line messages into one trimmed line for logs.
std::string OneLine(const char* message) {
  std::string out;
  bool space = false;
  for (const char* p = message ? message : ""; *p; ++p) {
    if (*p == '\n' || *p == '\t' || *p == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(
          std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Every spelling of the password that `url` carries, so that it can be cut
// out of libpq's messages (a malformed URL may be echoed back in them).
std::vector<std::string> Secrets(const std::string& url) {
  std::vector<std::string> out;
  char* parse_error = nullptr;
  if (PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error)) {
    for (PQconninfoOption* o = options; o->keyword; ++o) {
      if (o->val && *o->val && std::string_view(o->keyword) == "password")
        out.emplace_back(o->val);
    }
    PQconninfoFree(options);
  }
  if (parse_error) PQfreemem(parse_error);
  // The raw forms, for when parsing failed or the password is encoded.
  if (auto scheme = url.find("://"); scheme != std::string::npos) {
    std::string_view rest(url);
    rest.remove_prefix(scheme + 3);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    if (auto at = authority.rfind('@'); at != std::string_view::npos) {
      std::string_view userinfo = authority.substr(0, at);
      if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
        out.emplace_back(userinfo.substr(colon + 1));
        out.push_back(PercentDecode(userinfo.substr(colon + 1)));
      }
    }
  }
  for (size_t pos = url.find("password="); pos != std::string::npos;
       pos = url.find("password=", pos + 1)) {
    size_t begin = pos + 9;
    size_t end = url.find_first_of("& ", begin);
    std::string_view raw = std::string_view(url).substr(
        begin, end == std::string::npos ? std::string::npos : end - begin);
    out.emplace_back(raw);
    out.push_back(PercentDecode(raw));
  }
  return out;
}

std::string Redact(std::string message, const std::string& url) {
  for (const std::string& secret : Secrets(url)) {
    if (secret.empty()) continue;
    for (size_t pos = message.find(secret); pos != std::string::npos;
         pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return message;
}

// Parameters in libpq's text format. Text values point into the caller's
// SqlValues, which outlive the statement; numbers are formatted here.
struct TextParams {
  std::vector<std::string> numbers;
  std::vector<const char*> values;
  int count() const { return static_cast<int>(values.size()); }
};

Result<TextParams> Encode(std::span<const SqlValue> params) {
  TextParams out;
  // Reserved up front so that the pointers taken below stay valid; moving
  // the vectors later keeps their buffers, so returning does not break them.
  out.numbers.reserve(params.size());
  out.values.reserve(params.size());
  for (const SqlValue& v : params) {
    if (std::holds_alternative<std::monostate>(v)) {
      out.values.push_back(nullptr);
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      out.values.push_back(
          out.numbers.emplace_back(std::to_string(*i)).c_str());
    } else if (const auto* d = std::get_if<double>(&v)) {
      // The same digits as "%.17g" (enough to round-trip any double), but
      // never with a locale's decimal comma.
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d,
                                     std::chars_format::general, 17);
      out.values.push_back(out.numbers.emplace_back(buf, end).c_str());
    } else {
      const auto& s = std::get<std::string>(v);
      // Text format ends a value at NUL; sending it would silently truncate.
      if (s.find('\0') != std::string::npos)
        return Invalid("db.invalid_text", "text value contains a NUL byte");
      out.values.push_back(s.c_str());
    }
  }
  return out;
}

Row RowAt(const PGresult* res, int r) {
  int n = PQnfields(res);
  std::vector<std::optional<std::string>> cells;
  cells.reserve(n);
  for (int c = 0; c < n; ++c) {
    if (PQgetisnull(res, r, c)) {
      cells.emplace_back(std::nullopt);
    } else {
      cells.emplace_back(std::in_place, PQgetvalue(res, r, c),
                         static_cast<size_t>(PQgetlength(res, r, c)));
    }
  }
  return Row(std::move(cells));
}

bool Succeeded(const PGresult* res) {
  switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_SINGLE_TUPLE:
    case PGRES_EMPTY_QUERY:
      return true;
    default:
      return false;
  }
}

std::string_view SqlState(const PGresult* res) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  return state ? state : "";
}

// A prepared SELECT * whose table gained or lost columns since it was
// prepared ("cached plan must not change result type"); preparing it again
// fixes it.
bool IsStalePlan(const PGresult* res) { return SqlState(res) == "0A000"; }

// Whether `sql` has a RETURNING keyword outside quoted text.
bool HasReturning(std::string_view sql) {
  constexpr std::string_view kWord = "returning";
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    auto word_char = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    };
    if (i + kWord.size() > sql.size()) break;
    if (i > 0 && word_char(sql[i - 1])) continue;
    bool match = true;
    for (size_t k = 0; k < kWord.size() && match; ++k)
      match = std::tolower(static_cast<unsigned char>(sql[i + k])) == kWord[k];
    if (match &&
        (i + kWord.size() == sql.size() || !word_char(sql[i + kWord.size()])))
      return true;
  }
  return false;
}

void SilenceNotices(void*, const char*) {
  // Server notices ("relation already exists, skipping", "there is no
  // transaction in progress") are expected chatter; libpq would print them
  // to stderr.
}

}  // namespace

void PgConnection::ResultDeleter::operator()(pg_result* res) const {
  PQclear(res);
}

Result<std::unique_ptr<Connection>> PgConnection::Open(const std::string& url) {
  // The URL expands in place of "dbname", so its own settings override the
  // defaults listed before it. Without a timeout an unreachable host would
  // block for the kernel's TCP timeout (minutes).
  const char* keys[] = {"connect_timeout", "fallback_application_name",
                        "dbname", nullptr};
  const char* values[] = {"10", "wangge", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn)
    return Fail(ErrorCode::kUnavailable, "db.connect",
                "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = Redact(OneLine(PQerrorMessage(conn)), url);
    PQfinish(conn);
    return Fail(ErrorCode::kUnavailable, "db.connect",
                "cannot connect to PostgreSQL: " + reason);
  }
  PQsetNoticeProcessor(conn, SilenceNotices, nullptr);
  std::unique_ptr<PgConnection> pg(new PgConnection(conn));
  if (auto set = pg->SetUpSession(); !set)
    return Fail(ErrorCode::kUnavailable, "db.connect",
                "cannot set up the PostgreSQL session: " +
                    Redact(set.error().message, url));
  return std::unique_ptr<Connection>(std::move(pg));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::SetUpSession() {
  // Timestamps are stored and compared as UTC; text is UTF-8 whatever the
  // server's or the client machine's defaults. Both last for the session,
  // so they are applied again after a reset.
  ResultPtr res(
      PQexec(conn_, "SET client_encoding TO 'UTF8'; SET TimeZone TO 'UTC'"));
  if (!Succeeded(res.get())) return std::unexpected(ErrorFrom(res.get()));
  return {};
}

Status PgConnection::EnsureReady() {
  if (PQstatus(conn_) != CONNECTION_OK) {
    // Statements prepared on the old session are gone with it.
    statements_.clear();
    if (in_transaction_) transaction_lost_ = true;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK)
      return Fail(ErrorCode::kUnavailable, "db.unavailable",
                  "PostgreSQL connection lost and reconnecting failed: " +
                      OneLine(PQerrorMessage(conn_)));
    WG_TRY(SetUpSession());
  }
  if (transaction_lost_)
    return Fail(ErrorCode::kUnavailable, "db.unavailable",
                "the PostgreSQL connection was lost during the transaction; "
                "it must be rolled back and retried");
  return {};
}

Error PgConnection::ErrorFrom(const pg_result* res) const {
  if (PQstatus(conn_) == CONNECTION_BAD)
    return Error{
        ErrorCode::kUnavailable,
        "db.unavailable",
        "PostgreSQL connection lost: " + OneLine(PQerrorMessage(conn_)),
        {}};
  std::string_view state = SqlState(res);
  auto field = [res](int code) -> std::string {
    const char* v = res ? PQresultErrorField(res, code) : nullptr;
    return v ? v : "";
  };
  // The primary message names the table, column or constraint but, unlike
  // DETAIL, never the offending values, which may be personal data.
  std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
  if (message.empty())
    message = OneLine(res ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
  if (message.empty()) message = "unknown PostgreSQL error";
  if (state == "23505") {
    std::string constraint = field(PG_DIAG_CONSTRAINT_NAME);
    if (!constraint.empty() && message.find(constraint) == std::string::npos)
      message += " (constraint \"" + constraint + "\")";
    return Error{ErrorCode::kConflict, "db.unique", message, {}};
  }
  if (state == "23503")
    return Error{ErrorCode::kConflict, "db.foreign_key", message, {}};
  if (state == "23514" || state == "23502")
    return Error{ErrorCode::kInvalidArgument, "db.constraint", message,
                 field(PG_DIAG_COLUMN_NAME)};
  // Server shutting down or refusing connections; connection failures.
  if (state.starts_with("57P") || state == "08000" || state == "08003" ||
      state == "08006")
    return Error{ErrorCode::kUnavailable, "db.unavailable", message, {}};
  if (!state.empty()) message += " (SQLSTATE " + std::string(state) + ")";
  return Error{ErrorCode::kInternal, "db.error", message, {}};
}

Result<std::string> PgConnection::Prepared(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end())
    return it->second;
  std::string name;
  if (statements_.size() < kMaxCachedStatements)
    name = "s" + std::to_string(next_statement_++);
  // nParams = 0 lets the server infer each parameter's type from context.
  ResultPtr res(PQprepare(conn_, name.c_str(),
                          ToNumberedParameters(sql).c_str(), 0, nullptr));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK)
    return std::unexpected(ErrorFrom(res.get()));
  if (!name.empty()) statements_.emplace(std::move(key), name);
  return name;
}

void PgConnection::Forget(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) return;
  std::string deallocate = "DEALLOCATE " + it->second;
  statements_.erase(it);
  // Best effort: inside a failed transaction this is refused, and the name
  // merely stays allocated until the session ends; names are never reused.
  if (PQstatus(conn_) == CONNECTION_OK)
    PQclear(PQexec(conn_, deallocate.c_str()));
}

Result<PgConnection::ResultPtr> PgConnection::Run(
    std::string_view sql, std::span<const SqlValue> params) {
  WG_ASSIGN(TextParams text, Encode(params));
  WG_TRY(FlushBegin());
  for (int attempt = 0;; ++attempt) {
    WG_ASSIGN(std::string name, Prepared(sql));
    ResultPtr res(PQexecPrepared(conn_, name.c_str(), text.count(),
                                 text.values.data(), nullptr, nullptr,
                                 /*resultFormat=*/0));
    if (Succeeded(res.get())) return res;
    Error error = ErrorFrom(res.get());
    if (IsStalePlan(res.get())) {
      Forget(sql);
      // Retrying is safe only outside a transaction: inside one the failure
      // has already aborted it.
      if (attempt == 0 && PQtransactionStatus(conn_) == PQTRANS_IDLE) continue;
    }
    return std::unexpected(std::move(error));
  }
}

Result<Rows> PgConnection::Query(std::string_view sql,
                                 std::span<const SqlValue> params) {
  WG_ASSIGN(ResultPtr res, Run(sql, params));
  Rows rows;
  int n = PQntuples(res.get());
  rows.reserve(n);
  for (int r = 0; r < n; ++r) rows.push_back(RowAt(res.get(), r));
  return rows;
}

void PgConnection::Cancel() {
  PGcancel* cancel = PQgetCancel(conn_);
  if (!cancel) return;
  char error[256];
  // PQcancel returns only after the server has taken the request, so it
  // cannot hit a statement sent after this one.
  PQcancel(cancel, error, sizeof error);
  PQfreeCancel(cancel);
}

void PgConnection::Drain() {
  while (PGresult* res = PQgetResult(conn_)) PQclear(res);
}

Status PgConnection::QueryEach(std::string_view sql,
                               std::span<const SqlValue> params,
                               const std::function<bool(const Row&)>& each) {
  WG_ASSIGN(TextParams text, Encode(params));
  WG_TRY(FlushBegin());
  for (int attempt = 0;; ++attempt) {
    WG_ASSIGN(std::string name, Prepared(sql));
    const bool in_transaction = PQtransactionStatus(conn_) != PQTRANS_IDLE;
    if (!PQsendQueryPrepared(conn_, name.c_str(), text.count(),
                             text.values.data(), nullptr, nullptr, 0))
      return std::unexpected(ErrorFrom(nullptr));
    // If this fails the rows arrive in one result, handled the same way.
    PQsetSingleRowMode(conn_);
    bool stopped = false;
    bool delivered = false;
    bool stale = false;
    std::optional<Error> error;
    try {
      while (PGresult* raw = PQgetResult(conn_)) {
        ResultPtr res(raw);
        ExecStatusType status = PQresultStatus(raw);
        if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
          for (int r = 0, n = PQntuples(raw); r < n && !stopped; ++r) {
            delivered = true;
            if (!each(RowAt(raw, r))) {
              stopped = true;
              // Outside a transaction, stop the server producing rows that
              // would only be read and dropped; its "canceling statement"
              // error is expected and ignored below.
              if (!in_transaction) Cancel();
            }
          }
        } else if (!Succeeded(raw) && !error) {
          // After an early stop outside a transaction nothing depends on
          // how the statement ended. Inside one, a failure aborted the
          // transaction, which the caller must learn.
          if (!stopped || in_transaction) {
            error = ErrorFrom(raw);
            stale = IsStalePlan(raw);
          }
        }
      }
    } catch (...) {
      // A throwing callback must not leave results pending on the session.
      if (!in_transaction) Cancel();
      Drain();
      throw;
    }
    if (!error) return {};
    if (stale) {
      Forget(sql);
      if (attempt == 0 && !delivered &&
          PQtransactionStatus(conn_) == PQTRANS_IDLE)
        continue;
    }
    return std::unexpected(std::move(*error));
  }
}

Result<int64_t> PgConnection::Exec(std::string_view sql,
                                   std::span<const SqlValue> params) {
  WG_ASSIGN(ResultPtr res, Run(sql, params));
  std::string_view count = PQcmdTuples(res.get());
  int64_t n = 0;
  std::from_chars(count.data(), count.data() + count.size(), n);
  return n;
}

Result<int64_t> PgConnection::Insert(std::string_view sql,
                                     std::span<const SqlValue> params) {
  std::string statement(sql);
  if (!HasReturning(statement)) {
    while (!statement.empty() &&
           (std::isspace(static_cast<unsigned char>(statement.back())) ||
            statement.back() == ';'))
      statement.pop_back();
    statement += " RETURNING id";
  }
  WG_ASSIGN(ResultPtr res, Run(statement, params));
  if (PQntuples(res.get()) == 0 || PQnfields(res.get()) == 0)
    return Conflict("db.no_row", "the INSERT stored no row");
  int column = PQfnumber(res.get(), "id");
  if (column < 0) column = 0;
  return RowAt(res.get(), 0).Int(column);
}

Status PgConnection::ExecScript(std::string_view sql) {
  WG_TRY(FlushBegin());
  ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
  if (!Succeeded(res.get())) return std::unexpected(ErrorFrom(res.get()));
  return {};
}

Status PgConnection::Begin() {
  // A new transaction supersedes one lost with a broken connection.
  in_transaction_ = false;
  transaction_lost_ = false;
  WG_TRY(EnsureReady());
  begin_pending_ = true;
  in_transaction_ = true;
  return {};
}

Status PgConnection::FlushBegin() {
  WG_TRY(EnsureReady());
  if (!begin_pending_) return {};
  begin_pending_ = false;
  ResultPtr res(PQexec(conn_, "BEGIN"));
  if (!Succeeded(res.get())) return std::unexpected(ErrorFrom(res.get()));
  return {};
}

Status PgConnection::Commit() {
  if (begin_pending_) {
    // Nothing was sent: there is nothing to commit.
    begin_pending_ = false;
    in_transaction_ = false;
    return {};
  }
  WG_TRY(EnsureReady());
  ResultPtr res(PQexec(conn_, "COMMIT"));
  in_transaction_ = false;
  if (!Succeeded(res.get())) {
    Error error = ErrorFrom(res.get());
    if (error.code == ErrorCode::kUnavailable)
      error.message = "commit outcome unknown: " + error.message;
    return std::unexpected(std::move(error));
  }
  // COMMIT of a transaction aborted by an earlier failed statement succeeds
  // at protocol level but rolls back; that must not pass for a commit.
  if (std::string_view(PQcmdStatus(res.get())) != "COMMIT")
    return Fail(ErrorCode::kInternal, "db.error",
                "the transaction was rolled back: a statement in it had "
                "failed");
  return {};
}

Result<std::vector<Rows>> PgConnection::QueryAll(
    std::span<const Statement> statements) {
  std::vector<TextParams> texts;
  texts.reserve(statements.size());
  for (const auto& s : statements) {
    WG_ASSIGN(TextParams text, Encode(s.params));
    texts.push_back(std::move(text));
  }
  WG_TRY(EnsureReady());
  // Preparing is not transactional, so it may go ahead of a pending BEGIN.
  std::vector<std::string> names;
  names.reserve(statements.size());
  for (const auto& s : statements) {
    WG_ASSIGN(std::string name, Prepared(s.sql));
    names.push_back(std::move(name));
  }
  if (!PQenterPipelineMode(conn_)) return std::unexpected(ErrorFrom(nullptr));
  const bool with_begin = begin_pending_;
  begin_pending_ = false;
  bool sent = !with_begin || PQsendQueryParams(conn_, "BEGIN", 0, nullptr,
                                               nullptr, nullptr, nullptr, 0);
  for (size_t i = 0; sent && i < statements.size(); ++i)
    sent = PQsendQueryPrepared(conn_, names[i].c_str(), texts[i].count(),
                               texts[i].values.data(), nullptr, nullptr, 0);
  sent = sent && PQpipelineSync(conn_);
  std::optional<Error> error;
  if (!sent) error = ErrorFrom(nullptr);
  std::vector<Rows> out;
  out.reserve(statements.size());
  bool skip_begin = with_begin;
  // Each query's results end with a null; the sync point ends the pipeline.
  // A failed query makes the ones after it report PIPELINE_ABORTED.
  for (bool synced = !sent; !synced;) {
    PGresult* raw = PQgetResult(conn_);
    if (!raw) {
      if (PQstatus(conn_) == CONNECTION_BAD) break;
      continue;
    }
    ResultPtr res(raw);
    switch (PQresultStatus(raw)) {
      case PGRES_PIPELINE_SYNC:
        synced = true;
        break;
      case PGRES_PIPELINE_ABORTED:
        break;
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
        if (skip_begin) {
          skip_begin = false;
          break;
        }
        {
          Rows rows;
          const int n = PQntuples(raw);
          rows.reserve(n);
          for (int r = 0; r < n; ++r) rows.push_back(RowAt(raw, r));
          out.push_back(std::move(rows));
        }
        break;
      default:
        if (!error) error = ErrorFrom(raw);
        break;
    }
  }
  PQexitPipelineMode(conn_);
  if (!error && PQstatus(conn_) == CONNECTION_BAD) error = ErrorFrom(nullptr);
  if (error) return std::unexpected(std::move(*error));
  if (out.size() != statements.size())
    return Fail(ErrorCode::kInternal, "db.error",
                "a pipelined statement returned no result");
  return out;
}

void PgConnection::Rollback() {
  in_transaction_ = false;
  transaction_lost_ = false;
  if (begin_pending_) {
    begin_pending_ = false;
    return;
  }
  // A broken connection has no transaction left; the next statement resets.
  if (PQstatus(conn_) != CONNECTION_OK) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace wangge::store
