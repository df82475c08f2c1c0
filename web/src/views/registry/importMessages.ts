// The server words row problems of an import in English. For the Chinese
// interface the known ones are said in Chinese; anything else is shown as
// the server wrote it.
const ZH: Array<[RegExp, string | ((m: RegExpMatchArray) => string)]> = [
  [/^unknown column$/, '无法识别的列名'],
  [/^column given twice$/, '列名重复'],
  [/^required column is missing$/, '缺少必填列'],
  [/^is required$/, '不能为空'],
  [/^(?:[\w.]+ )?is required$/, '不能为空'],
  [/^coordinates must be numbers$/, '经纬度须为数字'],
  [/^must be a whole number$/, '须为整数'],
  [/^grid (\S+) is outside your scope$/, (m) => `网格 ${m[1]} 不在您的管辖范围内`],
  [/^area (\S+) is outside your scope$/, (m) => `区域 ${m[1]} 不在您的管辖范围内`],
  [/^role (\S+) may not do this$/, '当前角色无权进行此操作'],
  [/^unknown grid:? ?(\S*)$/, (m) => `网格编码 ${m[1]} 不存在`],
  [/^household (\S+) appears in two grids$/, (m) => `户编号 ${m[1]} 出现在两个网格中`],
  [/^household (\S+) is registered in grid (\S+)$/, (m) => `户编号 ${m[1]} 已登记在网格 ${m[2]}`],
  [/^the same ID number appears twice in the file$/, '文件中身份证号重复'],
  [/^a resident with this ID number is already registered$/, '该身份证号已登记'],
  [/^ID number must have 18 characters$/, '身份证号须为 18 位'],
  [/^ID number must start with 17 digits$/, '身份证号前 17 位须为数字'],
  [/^ID number must end with a digit or X$/, '身份证号末位须为数字或 X'],
  [/^ID number check digit does not match.*$/, '身份证号校验位不正确'],
  [/^ID number holds no valid birth date$/, '身份证号中的出生日期无效'],
  [/^give the ID number, or at least the birth date$/, '请填写身份证号，无证件的至少填写出生日期'],
  [/^gender does not match the ID number$/, '性别与身份证号不符'],
  [/^birth date does not match the ID number$/, '出生日期与身份证号不符'],
  [/^[\w.]+ must be one of: (.*)$/, (m) => `取值无效，可填：${m[1]}`],
  [/^[\w.]+ must be a date YYYY-MM-DD$/, '日期格式须为 YYYY-MM-DD'],
  [/^[\w.]+ must be a mobile \(11 digits\) or landline number$/, '须为 11 位手机号或固定电话'],
  [/^[\w.]+ is longer than (\d+) bytes$/, (m) => `内容过长（不超过 ${m[1]} 字节）`],
  [/^expected_stay_months must be 0\.\.1200$/, '预计居住月数须在 0–1200 之间'],
  [/^floor_area must be .*$/, '建筑面积须大于 0 且不超过 100000 ㎡'],
  [/^counts cannot be negative$/, '间数、人数不能为负数'],
  [/^a rental house needs its landlord$/, '出租房屋须填写房东姓名'],
  [/^unknown tag "(.*)"$/, (m) => `无法识别的标签“${m[1]}”`],
]

export function importMessage(message: string, locale: string): string {
  if (locale !== 'zh-CN') return message
  for (const [pattern, zh] of ZH) {
    const m = message.match(pattern)
    if (m) return typeof zh === 'string' ? zh : zh(m)
  }
  return message
}

// The sheet's columns: key and the Chinese header the server also accepts
// (the template's header row).
export const SHEET_COLUMNS: Array<[string, string]> = [
  ['grid_code', '网格编码'],
  ['household_no', '户编号'],
  ['household_kind', '户类型'],
  ['estate', '小区/村'],
  ['building', '幢/门牌'],
  ['unit', '单元'],
  ['room', '室'],
  ['lon', '经度'],
  ['lat', '纬度'],
  ['house_use', '房屋用途'],
  ['is_rental', '是否出租'],
  ['landlord_name', '房东姓名'],
  ['landlord_phone', '房东电话'],
  ['hidden_danger', '隐患等级'],
  ['name', '姓名'],
  ['gender', '性别'],
  ['birth_date', '出生日期'],
  ['id_card', '身份证号'],
  ['phone', '手机号'],
  ['category', '人员类别'],
  ['hukou_status', '人户状态'],
  ['relation', '与户主关系'],
  ['ethnicity', '民族'],
  ['nationality', '国籍'],
  ['passport', '证件号码'],
  ['origin', '户籍地'],
  ['arrival_date', '来本地日期'],
  ['reason', '来本地事由'],
  ['expected_stay_months', '预计居住月数'],
  ['registered_on', '登记日期'],
  ['tags', '标签'],
]

const COLUMN_ZH = new Map(SHEET_COLUMNS)

// A column named by its key (a missing required column) in the sheet's words.
export function importColumn(column: string, locale: string): string {
  if (locale !== 'zh-CN') return column
  return COLUMN_ZH.get(column) ?? column
}
