// The account component's migrations (store component "account"): the tables of organisations,
// people, sessions, tokens, access requests, grants and the audit log. docs/store.md describes
// each table.
#pragma once

#include <span>

#include "mhds/store/migrations.h"

namespace mhds::account::internal {

std::span<const store::Migration> AccountMigrations();

}  // namespace mhds::account::internal
