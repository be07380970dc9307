// Store URLs and Connect(): the one place that picks an engine.
#include "mhds/store/internal/postgres_database.h"
#include "mhds/store/internal/sqlite_database.h"
#include "mhds/store/store.h"

namespace mhds::store {

Result<StoreUrl> ParseStoreUrl(std::string_view url) {
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // also accept sqlite://PATH
    if (path.empty()) {
      return Status::InvalidArgument("store URL 'sqlite:' needs a file path, e.g. sqlite:mhds.db");
    }
    return StoreUrl{Engine::kSqlite, std::string(path)};
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return StoreUrl{Engine::kPostgres, std::string(url)};
  }
  return Status::InvalidArgument("store URL '" + RedactStoreUrl(url) +
                                 "' is neither sqlite:PATH nor postgresql://...");
}

std::string RedactStoreUrl(std::string_view url) {
  std::string out(url);
  // postgresql://user:password@host/... : hide what lies between the user's ':' and the '@'.
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t at = out.find('@', start);
    size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&... : hide the value.
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t start = p + 9;
    size_t end = out.find('&', start);
    if (end == std::string::npos) end = out.size();
    out.replace(start, end - start, "***");
  }
  return out;
}

Result<std::unique_ptr<Database>> Connect(std::string_view url, const ConnectOptions& options) {
  auto parsed = ParseStoreUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->engine == Engine::kSqlite) {
    return internal::SqliteDatabase::Open(parsed->target, options.busy_timeout_ms);
  }
  return internal::PostgresDatabase::Open(parsed->target, options.busy_timeout_ms);
}

}  // namespace mhds::store
