// The release register as an xlsx workbook, through libxlsxwriter.
#include <stdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>

#include "mhds/govern/release_register.h"

namespace mhds::govern {

Status WriteRegisterXlsx(const ReleaseRegister& reg, const std::string& path) {
  // Written beside the target and renamed, so a reader never sees half a workbook.
  const std::string temp = path + ".tmp-" + std::to_string(getpid());
  lxw_workbook* workbook = workbook_new(temp.c_str());
  if (workbook == nullptr) return Status::IoError("cannot create " + path);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  for (const RegisterSheet& sheet : reg.sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.name.c_str());
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), sheet.columns[c].c_str(), bold);
    }
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        // Strings only: a cell starting with '=' stays text, never a formula.
        worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                               sheet.rows[r][c].c_str(), nullptr);
      }
    }
  }
  lxw_error closed = workbook_close(workbook);
  if (closed != LXW_NO_ERROR) {
    ::unlink(temp.c_str());
    return Status::IoError("cannot write " + path + ": " + lxw_strerror(closed));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return Status::IoError("cannot write " + path + ": " + reason);
  }
  return Status::Ok();
}

}  // namespace mhds::govern
