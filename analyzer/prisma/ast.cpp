#include "analyzer/prisma/ast.hpp"

#include <algorithm>

namespace sg::prisma {

const Argument* find_argument(const std::vector<Argument>& args, std::string_view name, int position) {
  for (const auto& a : args)
    if (!a.name.empty() && a.name == name) return &a;
  if (position < 0) return nullptr;
  int k = 0;
  for (const auto& a : args) {
    if (!a.name.empty()) continue;
    if (k++ == position) return &a;
  }
  return nullptr;
}

std::string Attribute::string_arg(std::string_view arg_name, int position) const {
  const Argument* a = arg(arg_name, position);
  return a && a->value.is(Expr::Kind::String) ? a->value.text : std::string();
}

std::string string_arg(const Attribute* attribute, std::string_view arg_name, int position) {
  return attribute ? attribute->string_arg(arg_name, position) : std::string();
}

const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const auto& a : attributes)
    if (a.name == name) return &a;
  return nullptr;
}

const Field* Model::field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

namespace {
const Property* find_property(const std::vector<Property>& props, std::string_view n) {
  for (const auto& p : props)
    if (p.name == n) return &p;
  return nullptr;
}
}  // namespace

const Property* Datasource::property(std::string_view n) const { return find_property(properties, n); }
const Property* Generator::property(std::string_view n) const { return find_property(properties, n); }

const Model* Schema::model(std::string_view name) const {
  for (const auto& m : models)
    if (m.name == name) return &m;
  return nullptr;
}

const Enum* Schema::enum_type(std::string_view name) const {
  for (const auto& e : enums)
    if (e.name == name) return &e;
  return nullptr;
}

bool Schema::has_preview_feature(std::string_view feature) const {
  return std::any_of(generators.begin(), generators.end(), [&](const Generator& g) {
    return std::find(g.preview_features.begin(), g.preview_features.end(), feature) != g.preview_features.end();
  });
}

}  // namespace sg::prisma
