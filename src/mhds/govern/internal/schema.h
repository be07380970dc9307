// The numbered migrations of the store component "govern" (docs/governance.md lists the tables).
#pragma once

#include <span>

#include "mhds/store/migrations.h"

namespace mhds::govern::internal {

std::span<const store::Migration> GovernMigrations();

}  // namespace mhds::govern::internal
