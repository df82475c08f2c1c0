#include "service/tabular/xlsx_reader.h"

#include <minizip/unzip.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "service/tabular/text.h"

namespace wangge::tabular {
namespace {

// Relationship parts are a few kilobytes in any real file; a tighter cap there
// keeps a crafted archive from making us hold more large parts than needed.
constexpr std::uint64_t kMaxSmallPartBytes = 16ull << 20;
constexpr int kMaxRows = 1048576;  // Excel's sheet limits.
constexpr int kMaxColumns = 16384;

std::unexpected<Error> XlsxError(std::string message) {
  return Invalid("import.xlsx", std::move(message));
}

// ---------------------------------------------------------------------------
// Zip access.

// minizip reads through these callbacks when the workbook is in memory.
struct MemoryStream {
  std::string_view data;
  std::uint64_t pos = 0;
};

voidpf ZCALLBACK MemOpen(voidpf opaque, const void*, int) {
  auto* s = static_cast<MemoryStream*>(opaque);
  s->pos = 0;
  return s;
}
uLong ZCALLBACK MemRead(voidpf, voidpf stream, void* buf, uLong size) {
  auto* s = static_cast<MemoryStream*>(stream);
  const std::uint64_t left =
      s->data.size() - std::min<std::uint64_t>(s->pos, s->data.size());
  const uLong n = static_cast<uLong>(std::min<std::uint64_t>(size, left));
  if (n > 0) std::memcpy(buf, s->data.data() + s->pos, n);
  s->pos += n;
  return n;
}
uLong ZCALLBACK MemWrite(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK MemTell(voidpf, voidpf stream) {
  return static_cast<MemoryStream*>(stream)->pos;
}
long ZCALLBACK MemSeek(voidpf, voidpf stream, ZPOS64_T offset, int origin) {
  auto* s = static_cast<MemoryStream*>(stream);
  std::uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = s->pos;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = s->data.size();
      break;
    default:
      return -1;
  }
  if (offset > s->data.size() || base + offset > s->data.size()) return -1;
  s->pos = base + offset;
  return 0;
}
int ZCALLBACK MemClose(voidpf, voidpf) { return 0; }
int ZCALLBACK MemError(voidpf, voidpf) { return 0; }

struct UnzCloser {
  void operator()(void* f) const { unzClose(f); }
};
using UnzHandle = std::unique_ptr<void, UnzCloser>;

// Tells a clerk what to do with a file that is not an .xlsx zip at all.
std::optional<Error> SniffNonZip(std::string_view head) {
  if (head.starts_with("\xD0\xCF\x11\xE0")) {
    // Both legacy .xls and password-protected .xlsx are OLE compound files.
    return XlsxError(
               "this is an old .xls workbook or a password-protected "
               "workbook: open it in Excel or WPS, remove any password, and "
               "save it as .xlsx")
        .error();
  }
  if (!head.starts_with("PK")) {
    return XlsxError(
               "this is not an .xlsx file (it is not a zip archive); if it is "
               "CSV, upload it as CSV")
        .error();
  }
  return std::nullopt;
}

class ZipArchive {
 public:
  explicit ZipArchive(UnzHandle handle) : zip_(std::move(handle)) {}

  bool Has(const std::string& name) {
    return unzLocateFile(zip_.get(), name.c_str(), 2) == UNZ_OK;
  }

  // The inflated part, std::nullopt when absent. The size is checked both
  // against the declared size and while inflating, because the central
  // directory of a crafted archive can lie.
  Result<std::optional<std::string>> Read(const std::string& name,
                                          std::uint64_t limit) {
    void* zf = zip_.get();
    // 2: case-insensitive, as some writers vary the case of part names.
    if (unzLocateFile(zf, name.c_str(), 2) != UNZ_OK) return std::nullopt;
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zf, &info, nullptr, 0, nullptr, 0, nullptr,
                                0) != UNZ_OK) {
      return Corrupt(name);
    }
    if (info.flag & 1) {
      return XlsxError(
          "the workbook is encrypted: remove the password in Excel or WPS "
          "and save it again");
    }
    if (info.uncompressed_size > limit) return TooLarge(name, limit);
    if (unzOpenCurrentFile(zf) != UNZ_OK) return Corrupt(name);
    std::string out;
    out.reserve(static_cast<std::size_t>(info.uncompressed_size));
    char buf[1 << 16];
    while (true) {
      const int n = unzReadCurrentFile(zf, buf, sizeof buf);
      if (n < 0) {
        unzCloseCurrentFile(zf);
        return Corrupt(name);
      }
      if (n == 0) break;
      if (out.size() + static_cast<std::size_t>(n) > limit) {
        unzCloseCurrentFile(zf);
        return TooLarge(name, limit);
      }
      out.append(buf, static_cast<std::size_t>(n));
    }
    // Reports a CRC mismatch now that the whole part has been read.
    if (unzCloseCurrentFile(zf) != UNZ_OK) return Corrupt(name);
    return out;
  }

 private:
  static std::unexpected<Error> Corrupt(const std::string& name) {
    return XlsxError(Cat("the workbook is damaged (part ", name,
                         " cannot be read): open it in Excel or WPS and save "
                         "it again"));
  }
  static std::unexpected<Error> TooLarge(const std::string& name,
                                         std::uint64_t limit) {
    return Fail(ErrorCode::kTooLarge, "import.too_large",
                Cat("the workbook is too large: part ", name,
                    " inflates to more than ", limit >> 20, " MB"));
  }

  UnzHandle zip_;
};

// ---------------------------------------------------------------------------
// XML helpers. Element names are compared without their namespace prefix:
// most writers use the default namespace, but the .NET Open XML SDK writes
// "x:row", "x:c" and so on.

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool Is(const pugi::xml_node& node, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node.name()) == local;
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (Is(c, local)) return c;
  }
  return {};
}

// The value of the attribute named `local` in any namespace ("r:id" for
// "id"), or "" when absent.
std::string_view Attr(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    if (LocalName(a.name()) == local) return a.value();
  }
  return {};
}

std::string_view AttrExact(const pugi::xml_node& node, const char* name) {
  return node.attribute(name).value();
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the _xHHHH_ escapes OOXML uses for characters XML cannot carry
// (control characters; "_x005F_" is a literal underscore). Surrogate code
// units are left as written rather than producing invalid UTF-8.
std::string DecodeEscapes(std::string_view s) {
  if (s.find("_x") == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
      std::uint32_t cp = 0;
      bool ok = true;
      for (std::size_t k = 2; k < 6; ++k) {
        const int d = HexDigit(s[i + k]);
        if (d < 0) {
          ok = false;
          break;
        }
        cp = cp * 16 + static_cast<std::uint32_t>(d);
      }
      if (ok && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(out, cp);
        i += 7;
        continue;
      }
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

// The character data of an element (a <t>), PCDATA and CDATA alike.
void AppendNodeText(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out.append(c.value());
    }
  }
}

// Text of a shared string <si> or an inline <is>: a plain <t>, or rich-text
// runs <r><t>. Phonetic guides (<rPh>) are annotations, not content.
std::string RichText(const pugi::xml_node& node) {
  std::string raw;
  for (pugi::xml_node c : node.children()) {
    if (Is(c, "t")) {
      AppendNodeText(c, raw);
    } else if (Is(c, "r")) {
      for (pugi::xml_node t : c.children()) {
        if (Is(t, "t")) AppendNodeText(t, raw);
      }
    }
  }
  return DecodeEscapes(raw);
}

// A parsed XML part. The document parses the buffer in place, so both live
// together.
struct XmlPart {
  std::string buffer;
  pugi::xml_document doc;
};

Result<std::unique_ptr<XmlPart>> ParseXml(std::string name, std::string bytes) {
  auto part = std::make_unique<XmlPart>();
  part->buffer = std::move(bytes);
  // parse_ws_pcdata keeps whitespace-only text such as <t> </t> (a cell
  // holding one space); without it those cells would read as empty.
  const pugi::xml_parse_result r = part->doc.load_buffer_inplace(
      part->buffer.data(), part->buffer.size(),
      pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!r) {
    return XlsxError(Cat("the workbook is damaged (part ", name,
                         " is not valid XML: ", r.description(),
                         "): open it in Excel or WPS and save it again"));
  }
  return part;
}

// Reads and parses a part; nullptr when the part is absent.
Result<std::unique_ptr<XmlPart>> LoadXml(ZipArchive& zip,
                                         const std::string& name,
                                         std::uint64_t limit) {
  WG_ASSIGN(std::optional<std::string> bytes, zip.Read(name, limit));
  if (!bytes) return nullptr;
  return ParseXml(name, std::move(*bytes));
}

// ---------------------------------------------------------------------------
// Package structure.

std::string DirName(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos
             ? std::string()
             : std::string(path.substr(0, slash + 1));
}

// Resolves a relationship target against the directory of its source part,
// folding "." and ".." segments. Absolute targets start at the package root.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string joined = target.starts_with('/')
                           ? std::string(target.substr(1))
                           : std::string(base_dir) + std::string(target);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    const std::string seg = joined.substr(start, end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& seg : segments) {
    if (!out.empty()) out.push_back('/');
    out.append(seg);
  }
  return out;
}

std::string RelsPathFor(std::string_view part) {
  const std::size_t slash = part.rfind('/');
  const std::string_view dir =
      slash == std::string_view::npos ? "" : part.substr(0, slash + 1);
  const std::string_view file =
      slash == std::string_view::npos ? part : part.substr(slash + 1);
  return Cat(dir, "_rels/", file, ".rels");
}

struct Relationship {
  std::string type;    // Full type URI.
  std::string target;  // Resolved part name.
};

// Relationships of `source_part` by id; external targets are dropped.
Result<std::unordered_map<std::string, Relationship>> LoadRels(
    ZipArchive& zip, const std::string& source_part) {
  std::unordered_map<std::string, Relationship> rels;
  const std::string rels_path = source_part.empty() ? std::string("_rels/.rels")
                                                    : RelsPathFor(source_part);
  WG_ASSIGN(std::unique_ptr<XmlPart> part,
            LoadXml(zip, rels_path, kMaxSmallPartBytes));
  if (!part) return rels;
  const std::string base_dir = DirName(source_part);
  for (pugi::xml_node r : Child(part->doc, "Relationships").children()) {
    if (!Is(r, "Relationship")) continue;
    if (AttrExact(r, "TargetMode") == "External") continue;
    rels[std::string(AttrExact(r, "Id"))] =
        Relationship{std::string(AttrExact(r, "Type")),
                     ResolveTarget(base_dir, AttrExact(r, "Target"))};
  }
  return rels;
}

// The target of the first relationship whose type ends in `/suffix`.
std::string FindRelTarget(
    const std::unordered_map<std::string, Relationship>& rels,
    std::string_view suffix) {
  for (const auto& [id, rel] : rels) {
    const std::size_t slash = rel.type.rfind('/');
    if (slash != std::string::npos &&
        std::string_view(rel.type).substr(slash + 1) == suffix) {
      return rel.target;
    }
  }
  return {};
}

// ---------------------------------------------------------------------------
// Styles: which cell formats show numbers as dates.

enum class DateKind { kNone, kDate, kDateTime };

DateKind BuiltinDateKind(int id) {
  switch (id) {
    case 14:  // m/d/yyyy (shown per locale: yyyy/m/d in China).
    case 15:  // d-mmm-yy
    case 16:  // d-mmm
    case 17:  // mmm-yy
    // Built-ins of the Chinese locale: yyyy"年"m"月", m"月"d"日",
    // yyyy"年"m"月"d"日", yyyy-m-d and so on.
    case 27:
    case 28:
    case 29:
    case 30:
    case 31:
    case 36:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 57:
    case 58:
      return DateKind::kDate;
    case 22:  // m/d/yyyy h:mm
      return DateKind::kDateTime;
    default:
      // 18-21, 32-35, 45-47, 55, 56 are times of day or durations, which
      // have no calendar date to show.
      return DateKind::kNone;
  }
}

// Classifies a custom number format such as "yyyy/m/d;@" or
// "[$-804]yyyy\"年\"m\"月\"d\"日\"". Literal text (quoted, escaped, in
// brackets) is ignored, and "m" counts as a month only when no hour or second
// is present, since in "h:mm" it means minutes.
DateKind CustomDateKind(std::string_view code) {
  bool y = false, m = false, d = false, h = false, s = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == ';') break;  // Only the first (positive number) section.
    if (c == '"') {
      const std::size_t end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '[') {
      const std::size_t end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {
      ++i;  // Escaped literal, padding or fill: the next character is text.
      continue;
    }
    switch (c | 0x20) {  // ASCII lower case.
      case 'y':
        y = true;
        break;
      case 'm':
        m = true;
        break;
      case 'd':
        d = true;
        break;
      case 'h':
        h = true;
        break;
      case 's':
        s = true;
        break;
      default:
        break;
    }
  }
  const bool date = y || d || (m && !h && !s);
  if (!date) return DateKind::kNone;
  return (h || s) ? DateKind::kDateTime : DateKind::kDate;
}

// DateKind per cellXfs index (the s attribute of a cell).
std::vector<DateKind> LoadDateStyles(const XmlPart* styles) {
  std::vector<DateKind> kinds;
  if (!styles) return kinds;
  const pugi::xml_node root = Child(styles->doc, "styleSheet");
  std::unordered_map<int, std::string> custom;
  for (pugi::xml_node f : Child(root, "numFmts").children()) {
    if (!Is(f, "numFmt")) continue;
    custom[f.attribute("numFmtId").as_int(-1)] =
        std::string(AttrExact(f, "formatCode"));
  }
  for (pugi::xml_node xf : Child(root, "cellXfs").children()) {
    if (!Is(xf, "xf")) continue;
    const int id = xf.attribute("numFmtId").as_int(0);
    // A workbook may redefine a built-in id; its own definition wins.
    const auto it = custom.find(id);
    kinds.push_back(it != custom.end() ? CustomDateKind(it->second)
                                       : BuiltinDateKind(id));
  }
  return kinds;
}

// ---------------------------------------------------------------------------
// Cell values.

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' ||
                        s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsPlainInteger(std::string_view s) {
  if (s.starts_with('-')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s.starts_with('+')) s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// Renders a stored number the way a clerk expects to see it; see the
// contract in xlsx_reader.h.
std::string FormatNumber(std::string_view text) {
  text = TrimAscii(text);
  if (IsPlainInteger(text)) {
    // Already exact; keeps every digit of long integers.
    if (text == "-0") return "0";
    return std::string(text);
  }
  const std::optional<double> parsed = ParseDouble(text);
  if (!parsed) return std::string(text);  // Never lose what was stored.
  // Excel shows at most 15 significant digits; rounding there turns the
  // binary noise of 0.1 + 0.2 back into 0.3.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", *parsed);
  double v = std::strtod(buf, nullptr);
  if (v == 0) return "0";
  // Fixed notation: integers print without ".0" and never as 1.38E+10;
  // other values print in the shortest form that reads back the same.
  const auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (ec != std::errc()) return std::string(text);
  return std::string(buf, end);
}

// Converts a date serial to "YYYY-MM-DD" (plus " HH:MM:SS" for date-times
// with a time of day), or std::nullopt when it is not a plausible date.
std::optional<std::string> SerialToDate(double serial, bool date1904,
                                        DateKind kind) {
  using namespace std::chrono;
  // Serial 0 is "1900-01-00" in the 1900 system; past 9999-12-31 is invalid.
  if (!(serial >= (date1904 ? 0 : 1)) || serial >= 2958466) {
    return std::nullopt;
  }
  auto whole = static_cast<long long>(std::floor(serial));
  long long secs = std::llround((serial - static_cast<double>(whole)) * 86400);
  if (secs >= 86400) {
    ++whole;
    secs -= 86400;
  }
  std::string out;
  if (!date1904 && whole == 60) {
    // Excel keeps Lotus 1-2-3's non-existent 1900-02-29; say what it shows.
    out = "1900-02-29";
  } else {
    // 1900 system: serial 1 is 1900-01-01, and past the phantom leap day
    // every serial is one too high. 1904 system: serial 0 is 1904-01-01.
    const sys_days base = date1904     ? sys_days(1904y / January / 1)
                          : whole < 60 ? sys_days(1899y / December / 31)
                                       : sys_days(1899y / December / 30);
    const year_month_day ymd(base + days(whole));
    char buf[32];
    std::snprintf(
        buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    out = buf;
  }
  if (kind == DateKind::kDateTime && secs != 0) {
    const int t = static_cast<int>(secs);  // 1..86399 here.
    char buf[32];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", t / 3600, t / 60 % 60,
                  t % 60);
    out += buf;
  }
  return out;
}

// An ISO 8601 cell of type "d": the date alone when the time is midnight.
std::string FormatIsoDate(std::string_view v) {
  v = TrimAscii(v);
  if (v.size() > 10 && v[10] == 'T') {
    std::string_view time = v.substr(11);
    if (time.ends_with('Z')) time.remove_suffix(1);
    if (time.find_first_not_of("0:.") == std::string_view::npos) {
      return std::string(v.substr(0, 10));
    }
    std::string out(v);
    out[10] = ' ';
    return out;
  }
  return std::string(v);
}

// Parses a reference like "C7" into a zero-based column; false if malformed
// or beyond Excel's last column (XFD).
bool ParseColumn(std::string_view ref, int& column) {
  int col = 0;
  std::size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') ||
                            (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (col > kMaxColumns) return false;
    ++i;
  }
  if (i == 0) return false;
  for (std::size_t k = i; k < ref.size(); ++k) {
    if (ref[k] < '0' || ref[k] > '9') return false;
  }
  column = col - 1;
  return true;
}

// "A" for column 0, "AA" for 26: to name cells written without a reference.
std::string ColumnName(int column) {
  std::string name;
  for (int n = column + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

// Trimming as ParseCsv does for header cells: ASCII whitespace, U+3000,
// U+00A0 and stray BOMs.
std::string TrimHeaderCell(std::string_view s) {
  static constexpr std::string_view kWide[] = {"\xE3\x80\x80", "\xC2\xA0",
                                               "\xEF\xBB\xBF"};
  bool changed = true;
  while (changed) {
    changed = false;
    const std::string_view t = TrimAscii(s);
    if (t.size() != s.size()) {
      s = t;
      changed = true;
    }
    for (std::string_view w : kWide) {
      if (s.starts_with(w)) {
        s.remove_prefix(w.size());
        changed = true;
      }
      if (s.ends_with(w)) {
        s.remove_suffix(w.size());
        changed = true;
      }
    }
  }
  return std::string(s);
}

bool IsBlank(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) {
    return TrimHeaderCell(c).empty();
  });
}

struct SheetContext {
  const std::vector<std::string>* shared = nullptr;
  const std::vector<DateKind>* date_styles = nullptr;
  bool date1904 = false;
};

Result<std::string> CellText(const pugi::xml_node& c, const SheetContext& ctx,
                             std::string_view ref) {
  const std::string_view type = AttrExact(c, "t");
  const pugi::xml_node v = Child(c, "v");
  std::string raw;
  AppendNodeText(v, raw);
  if (type == "s") {
    std::size_t index = 0;
    const std::string_view t = TrimAscii(raw);
    const auto [end, ec] =
        std::from_chars(t.data(), t.data() + t.size(), index);
    if (ec != std::errc() || end != t.data() + t.size() ||
        index >= ctx.shared->size()) {
      return XlsxError(Cat("the workbook is damaged (cell ", ref,
                           " refers to a missing shared string): open it in "
                           "Excel or WPS and save it again"));
    }
    return (*ctx.shared)[index];
  }
  if (type == "inlineStr") return RichText(Child(c, "is"));
  if (type == "str") return DecodeEscapes(raw);
  if (type == "e") return raw;
  if (type == "b") {
    const std::string_view t = TrimAscii(raw);
    if (t.empty()) return std::string();
    return std::string(t == "1" || t == "true" ? "TRUE" : "FALSE");
  }
  if (type == "d") return FormatIsoDate(raw);
  // A number ("n" or no type).
  if (TrimAscii(raw).empty()) return std::string();
  const int style = c.attribute("s").as_int(0);
  if (style >= 0 && static_cast<std::size_t>(style) < ctx.date_styles->size()) {
    const DateKind kind = (*ctx.date_styles)[static_cast<std::size_t>(style)];
    if (kind != DateKind::kNone) {
      if (const std::optional<double> serial = ParseDouble(TrimAscii(raw))) {
        if (std::optional<std::string> date =
                SerialToDate(*serial, ctx.date1904, kind)) {
          return std::move(*date);
        }
      }
    }
  }
  return FormatNumber(raw);
}

Result<Table> ReadSheet(const XmlPart& sheet, const SheetContext& ctx) {
  Table table;
  bool have_header = false;
  const pugi::xml_node data = Child(Child(sheet.doc, "worksheet"), "sheetData");
  int row_number = 0;
  std::vector<std::string> cells;
  for (pugi::xml_node row : data.children()) {
    if (!Is(row, "row")) continue;
    // r is optional: without it a row follows the previous one.
    const int r = row.attribute("r").as_int(row_number + 1);
    if (r < 1 || r > kMaxRows) {
      return XlsxError(
          Cat("the workbook is damaged (row number ", r, " is out of range)"));
    }
    row_number = r;
    cells.clear();
    int column = -1;
    for (pugi::xml_node c : row.children()) {
      if (!Is(c, "c")) continue;
      const std::string_view ref = AttrExact(c, "r");
      if (ref.empty()) {
        ++column;  // Like rows, cells without r follow the previous one.
      } else if (!ParseColumn(ref, column)) {
        return XlsxError(Cat("the workbook is damaged (bad cell reference \"",
                             ref, "\" in row ", r, ")"));
      }
      if (column >= kMaxColumns) {
        return XlsxError(Cat("the workbook is damaged (row ", r,
                             " has more than ", kMaxColumns, " columns)"));
      }
      const std::string cell_ref =
          ref.empty() ? Cat(ColumnName(column), r) : std::string(ref);
      WG_ASSIGN(std::string text, CellText(c, ctx, cell_ref));
      if (text.empty()) continue;  // Styled but empty: a gap.
      if (static_cast<std::size_t>(column) >= cells.size()) {
        cells.resize(static_cast<std::size_t>(column) + 1);
      }
      cells[static_cast<std::size_t>(column)] = std::move(text);
    }
    if (IsBlank(cells)) continue;
    if (!have_header) {
      table.header.reserve(cells.size());
      for (const std::string& h : cells) {
        table.header.push_back(TrimHeaderCell(h));
      }
      have_header = true;
      continue;
    }
    table.rows.push_back(std::move(cells));
    table.row_numbers.push_back(r);
    cells = {};
  }
  if (!have_header) {
    return Invalid("import.empty",
                   "the sheet is empty: its first row must be the header row");
  }
  return table;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char ch) {
             return (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch | 0x20)
                                             : ch;
           };
           return lower(x) == lower(y);
         });
}

struct SheetEntry {
  std::string name;
  std::string rel_id;
  bool hidden = false;
};

// The sheet named `wanted` (exactly, else ignoring ASCII case as Excel does),
// or when `wanted` is empty the first visible sheet in tab order: the one a
// clerk sees first, whereas a hidden first sheet usually holds lookup lists.
Result<SheetEntry> PickSheet(const pugi::xml_node& sheets,
                             const std::string& wanted) {
  std::vector<SheetEntry> all;
  for (pugi::xml_node s : sheets.children()) {
    if (!Is(s, "sheet")) continue;
    const std::string_view state = AttrExact(s, "state");
    all.push_back(SheetEntry{std::string(AttrExact(s, "name")),
                             std::string(Attr(s, "id")),
                             state == "hidden" || state == "veryHidden"});
  }
  if (all.empty()) return XlsxError("the workbook has no sheets");
  const SheetEntry* found = nullptr;
  if (wanted.empty()) {
    const auto visible = std::find_if(
        all.begin(), all.end(), [](const SheetEntry& e) { return !e.hidden; });
    found = visible != all.end() ? &*visible : &all.front();
  } else {
    for (const SheetEntry& e : all) {
      if (e.name == wanted) {
        found = &e;
        break;
      }
    }
    for (const SheetEntry& e : all) {
      if (found) break;
      if (EqualsIgnoreAsciiCase(e.name, wanted)) found = &e;
    }
  }
  if (!found) {
    std::string list;
    for (const SheetEntry& e : all) {
      list += Cat(list.empty() ? "" : ", ", "\"", e.name, "\"");
    }
    return XlsxError(Cat("the workbook has no sheet named \"", wanted,
                         "\"; its sheets are: ", list));
  }
  if (found->rel_id.empty()) {
    return XlsxError(Cat("the workbook is damaged (sheet \"", found->name,
                         "\" has no relationship id)"));
  }
  return *found;
}

Result<Table> ReadWorkbook(ZipArchive& zip, const std::string& sheet_name) {
  WG_ASSIGN(auto root_rels, LoadRels(zip, ""));
  std::string workbook_path = FindRelTarget(root_rels, "officeDocument");
  if (workbook_path.empty()) workbook_path = "xl/workbook.xml";
  WG_ASSIGN(std::unique_ptr<XmlPart> workbook,
            LoadXml(zip, workbook_path, kMaxXlsxPartBytes));
  if (!workbook) {
    if (zip.Has("content.xml") && zip.Has("mimetype")) {
      return XlsxError(
          "this is an OpenDocument spreadsheet (.ods): save it as .xlsx in "
          "WPS, LibreOffice or Excel");
    }
    if (zip.Has("xl/workbook.bin")) {
      return XlsxError(
          "this is an Excel binary workbook (.xlsb): save it as .xlsx");
    }
    return XlsxError(
        "this is not an Excel workbook (the zip has no xl/workbook.xml): "
        "save the file as .xlsx");
  }
  WG_ASSIGN(auto wb_rels, LoadRels(zip, workbook_path));

  const pugi::xml_node wb_root = Child(workbook->doc, "workbook");
  const std::string_view date1904_attr =
      AttrExact(Child(wb_root, "workbookPr"), "date1904");
  SheetContext ctx;
  ctx.date1904 = date1904_attr == "1" || date1904_attr == "true";

  WG_ASSIGN(const SheetEntry picked,
            PickSheet(Child(wb_root, "sheets"), sheet_name));
  const std::string& chosen = picked.name;
  const std::string rel_id = picked.rel_id;
  workbook.reset();  // Only the sheet list was needed.
  const auto rel = wb_rels.find(rel_id);
  if (rel == wb_rels.end()) {
    return XlsxError(Cat("the workbook is damaged (sheet \"", chosen,
                         "\" points to a missing part)"));
  }
  if (!rel->second.type.ends_with("/worksheet")) {
    return XlsxError(
        Cat("sheet \"", chosen, "\" is a chart or dialog sheet, not a table"));
  }

  std::vector<std::string> shared;
  if (std::string sst_path = FindRelTarget(wb_rels, "sharedStrings");
      !sst_path.empty()) {
    WG_ASSIGN(std::unique_ptr<XmlPart> sst,
              LoadXml(zip, sst_path, kMaxXlsxPartBytes));
    if (sst) {
      const pugi::xml_node sst_root = Child(sst->doc, "sst");
      for (pugi::xml_node si : sst_root.children()) {
        if (Is(si, "si")) shared.push_back(RichText(si));
      }
    }
  }
  std::vector<DateKind> date_styles;
  if (std::string styles_path = FindRelTarget(wb_rels, "styles");
      !styles_path.empty()) {
    WG_ASSIGN(std::unique_ptr<XmlPart> styles,
              // Copy-pasting between workbooks can bloat styles to megabytes.
              LoadXml(zip, styles_path, kMaxXlsxPartBytes));
    date_styles = LoadDateStyles(styles.get());
  }
  ctx.shared = &shared;
  ctx.date_styles = &date_styles;

  WG_ASSIGN(std::unique_ptr<XmlPart> sheet,
            LoadXml(zip, rel->second.target, kMaxXlsxPartBytes));
  if (!sheet) {
    return XlsxError(Cat("the workbook is damaged (the part of sheet \"",
                         chosen, "\", ", rel->second.target, ", is missing)"));
  }
  return ReadSheet(*sheet, ctx);
}

std::unexpected<Error> NotAZip() {
  return XlsxError(
      "this is not a valid .xlsx file (the zip archive cannot be read): open "
      "it in Excel or WPS and save it as .xlsx");
}

}  // namespace

Result<Table> ReadXlsx(const std::string& path, std::string sheet_name) {
  char head[8] = {};
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Fail(ErrorCode::kNotFound, "import.file",
                  Cat("cannot open ", path));
    }
    in.read(head, sizeof head);
    const std::string_view sniffed(head, static_cast<std::size_t>(in.gcount()));
    if (std::optional<Error> e = SniffNonZip(sniffed)) {
      return std::unexpected(std::move(*e));
    }
  }
  UnzHandle handle(unzOpen64(path.c_str()));
  if (!handle) return NotAZip();
  ZipArchive zip(std::move(handle));
  return ReadWorkbook(zip, sheet_name);
}

Result<Table> ReadXlsxBytes(std::string_view bytes, std::string sheet_name) {
  if (std::optional<Error> e = SniffNonZip(bytes.substr(0, 8))) {
    return std::unexpected(std::move(*e));
  }
  MemoryStream stream{bytes, 0};
  zlib_filefunc64_def funcs{};
  funcs.zopen64_file = MemOpen;
  funcs.zread_file = MemRead;
  funcs.zwrite_file = MemWrite;
  funcs.ztell64_file = MemTell;
  funcs.zseek64_file = MemSeek;
  funcs.zclose_file = MemClose;
  funcs.zerror_file = MemError;
  funcs.opaque = &stream;
  UnzHandle handle(unzOpen2_64("memory.xlsx", &funcs));
  if (!handle) return NotAZip();
  ZipArchive zip(std::move(handle));
  return ReadWorkbook(zip, sheet_name);
}

}  // namespace wangge::tabular
