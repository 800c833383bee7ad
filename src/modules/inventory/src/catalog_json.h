#pragma once

// JSON ⇄ catalog types for the routes: strict readers (field errors → input_invalid) and the
// answers' shapes (README.md "Catalog: routes").
#include <map>
#include <nlohmann/json.hpp>

#include "catalog_store.h"

namespace keel::inventory::catalog::json_io {

// Names of categories and units, for answers that show them next to ids.
struct Names {
  std::map<std::int64_t, Category> categories;
  std::map<std::int64_t, Uom> uoms;
};
Result<Names> load_names(db::Tx& tx, CompanyId company_id);

nlohmann::json to_json(const Uom& uom);
nlohmann::json to_json(const Category& category);
nlohmann::json to_json(const Product& product, const Names& names);

Result<UomDraft> read_uom(const nlohmann::json& body);
Result<CategoryDraft> read_category(const nlohmann::json& body);
Result<ProductDraft> read_product(const nlohmann::json& body);
// Errors: input_invalid (version missing is reported as version_required by the caller).
Result<ProductPatch> read_patch(const nlohmann::json& body, bool& has_version);

}  // namespace keel::inventory::catalog::json_io
