// Excel number formats: a cell's stored number -> the text Excel shows for it.
//
// Covers what reports use: General, fixed decimals (0.00), thousands separators (#,##0.00),
// percentages (0% shows 0.95 as 95%), scaling commas, scientific notation, literal text ("元",
// \x, _x, *x, [Red]), sections for negative numbers and zero, and dates and times (serial
// numbers in a format with y/m/d/h/s), written in ISO form: 2024-03-31, 14:30, 2024-03-31 14:30.
// Rounding is Excel's: half away from zero on the number's 15 significant digits.
#pragma once

#include <string>
#include <string_view>

namespace jixiao::xlsx {

// The format code of a built-in numFmtId (0-49 and the Chinese date ids); empty for unknown ids,
// which show as General.
std::string_view builtin_format(int id);

// `value` shown with the format `code`; `date1904` selects the workbook's 1904 date system.
std::string format_number(double value, std::string_view code, bool date1904 = false);

// `value` in General format: up to 15 significant digits, no trailing zeros.
std::string general(double value);

}  // namespace jixiao::xlsx
