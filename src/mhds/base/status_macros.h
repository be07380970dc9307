// Early return on error, with context added on the way up.
//   MHDS_RETURN_IF_ERROR(LoadTables(dir));
//   MHDS_ASSIGN_OR_RETURN(auto spec, LoadSpec(dir));
#pragma once

#include "mhds/base/result.h"

#define MHDS_CONCAT_INNER_(a, b) a##b
#define MHDS_CONCAT_(a, b) MHDS_CONCAT_INNER_(a, b)

#define MHDS_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::mhds::Status mhds_status_ = (expr);        \
    if (!mhds_status_.ok()) return mhds_status_; \
  } while (false)

#define MHDS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#define MHDS_ASSIGN_OR_RETURN(lhs, expr) \
  MHDS_ASSIGN_OR_RETURN_IMPL_(MHDS_CONCAT_(mhds_result_, __LINE__), lhs, expr)
