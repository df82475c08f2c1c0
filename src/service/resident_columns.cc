#include "service/resident_columns.h"

#include <array>

namespace wangge::service {

namespace {
struct Label {
  std::string_view column;
  std::string_view code;
  std::string_view zh;
};

constexpr std::array kLabels = {
    Label{"gender", "M", "男"},
    Label{"gender", "F", "女"},
    Label{"category", "registered", "户籍"},
    Label{"category", "floating", "流动"},
    Label{"category", "foreign", "境外"},
    Label{"hukou_status", "together", "人户同在"},
    Label{"hukou_status", "household_only", "户在人不在"},
    Label{"hukou_status", "person_only", "人在户不在"},
    Label{"household_kind", "registered", "户籍户"},
    Label{"household_kind", "rental", "租住户"},
    Label{"household_kind", "merchant", "商住户"},
    Label{"household_kind", "collective", "集体户"},
    Label{"house_use", "own", "自住"},
    Label{"house_use", "rental", "出租"},
    Label{"house_use", "shop_residence", "商住"},
    Label{"house_use", "vacant", "空置"},
    Label{"house_use", "other", "其他"},
    Label{"hidden_danger", "safe", "安全"},
    Label{"hidden_danger", "general", "一般"},
    Label{"hidden_danger", "serious", "严重"},
    Label{"reason", "work", "务工"},
    Label{"reason", "business", "经商"},
    Label{"reason", "family", "投靠亲友"},
    Label{"reason", "study", "就学"},
    Label{"reason", "other", "其他"},
    Label{"is_rental", "1", "是"},
    Label{"is_rental", "0", "否"},
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '*'))
    s.remove_suffix(1);
  return s;
}
}  // namespace

const std::vector<ColumnSpec>& ResidentColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"grid_code", "网格编码"},
      {"household_no", "户编号"},
      {"household_kind", "户类型"},
      {"estate", "小区/村"},
      {"building", "幢/门牌"},
      {"unit", "单元"},
      {"room", "室"},
      {"lon", "经度"},
      {"lat", "纬度"},
      {"house_use", "房屋用途"},
      {"is_rental", "是否出租"},
      {"landlord_name", "房东姓名"},
      {"landlord_phone", "房东电话"},
      {"hidden_danger", "隐患等级"},
      {"name", "姓名"},
      {"gender", "性别"},
      {"birth_date", "出生日期"},
      {"id_card", "身份证号"},
      {"phone", "手机号"},
      {"category", "人员类别"},
      {"hukou_status", "人户状态"},
      {"relation", "与户主关系"},
      {"ethnicity", "民族"},
      {"nationality", "国籍"},
      {"passport", "证件号码"},
      {"origin", "户籍地"},
      {"arrival_date", "来本地日期"},
      {"reason", "来本地事由"},
      {"expected_stay_months", "预计居住月数"},
      {"registered_on", "登记日期"},
      {"tags", "标签"},
  };
  return kColumns;
}

std::optional<std::string_view> ColumnKeyFor(std::string_view header) {
  header = Trim(header);
  for (const auto& c : ResidentColumns())
    if (c.key == header || c.zh == header) return c.key;
  return std::nullopt;
}

std::string CodeFromLabel(std::string_view column, std::string_view text) {
  text = Trim(text);
  for (const auto& l : kLabels)
    if (l.column == column && (l.zh == text || l.code == text))
      return std::string(l.code);
  if (column == "gender" && (text == "m" || text == "f"))
    return text == "m" ? "M" : "F";
  return std::string(text);
}

std::string LabelFromCode(std::string_view column, std::string_view code) {
  for (const auto& l : kLabels)
    if (l.column == column && l.code == code) return std::string(l.zh);
  return std::string(code);
}

}  // namespace wangge::service
