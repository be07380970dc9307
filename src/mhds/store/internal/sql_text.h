// Rewriting SQL text between the one dialect mhds writes and what each engine accepts.
#pragma once

#include <string>
#include <string_view>

#include "mhds/store/database.h"

namespace mhds::store::internal {

// Replaces each `?` placeholder with $1, $2, ... (PostgreSQL), leaving alone any `?` inside
// 'string literals', "quoted identifiers" and -- or /* */ comments. Sets `*count` to the number
// of placeholders.
std::string NumberPlaceholders(std::string_view sql, int* count);

// Replaces the migration token {{id}} with the engine's auto-numbered primary key column type.
std::string ExpandMigrationTokens(std::string_view sql, Engine engine);

}  // namespace mhds::store::internal
