#pragma once
// The Prisma schema as a typed tree: every node keeps the exact byte span it came from, and every
// top-level block keeps the file it lives in, so findings can point into multi-file schemas.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/source.hpp"

namespace sg::prisma {

struct Argument;

// A value in an attribute or a config block. Strings hold their unescaped value; numbers keep their
// literal text ("-1", "1.50") because defaults are printed from it; identifiers are enum constants
// and field references; paths are dotted names (`db.Uuid`); calls are functions (`autoincrement()`).
struct Expr {
  enum class Kind { String, Number, Boolean, Null, Identifier, Path, Call, Array };
  Kind kind = Kind::Null;
  Span span;
  std::string text;             // value (String), literal (Number), "true"/"false", name (Identifier/Path/Call)
  std::vector<Argument> args;   // Call
  std::vector<Expr> items;      // Array

  bool is(Kind k) const { return kind == k; }
  bool is_call(std::string_view name) const { return kind == Kind::Call && text == name; }
};

struct Argument {
  std::string name;  // empty for positional arguments
  Span name_span;
  Span span;         // whole `name: value` or the value alone
  Expr value;
};

// Returns the argument named `name`, or else the positional argument number `position` (0-based,
// counting positional ones only, -1 = none).
const Argument* find_argument(const std::vector<Argument>& args, std::string_view name, int position = -1);

// `@id`, `@default(now())`, `@db.VarChar(255)`, `@@index([a, b], type: Gin)`.
struct Attribute {
  std::string name;  // without the @ or @@: "id", "default", "db.VarChar", "index"
  Span span;         // from the @ to the closing parenthesis
  Span name_span;
  bool block = false;        // @@
  bool has_parens = false;
  std::vector<Argument> args;

  const Argument* arg(std::string_view arg_name, int position = -1) const {
    return find_argument(args, arg_name, position);
  }
  // The argument's string value, or "" when it is absent or not a string.
  std::string string_arg(std::string_view arg_name, int position = -1) const;
};

// `attribute->string_arg(...)`, or "" when there is no such attribute.
std::string string_arg(const Attribute* attribute, std::string_view arg_name, int position = -1);

const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view name);

struct FieldType {
  std::string name;          // "String", "Role", "Unsupported"
  Span span;                 // the whole type, with `?` or `[]`
  bool optional = false;
  bool list = false;
  std::optional<std::string> unsupported;  // the text inside Unsupported("…")
};

struct Field {
  std::string name;
  Span span;
  Span name_span;
  FieldType type;
  std::vector<Attribute> attributes;
  std::string doc;  // `///` lines, joined with '\n'

  const Attribute* attribute(std::string_view n) const { return find_attribute(attributes, n); }
};

// A `model`, `view` or composite `type` block: the three share one shape.
struct Model {
  enum class Kind { Model, View, CompositeType };
  Kind kind = Kind::Model;
  SourcePtr file;
  std::string name;
  Span span;
  Span name_span;
  std::vector<Field> fields;
  std::vector<Attribute> attributes;  // block attributes (@@…)
  std::string doc;

  const Attribute* attribute(std::string_view n) const { return find_attribute(attributes, n); }
  const Field* field(std::string_view n) const;
};

struct EnumValue {
  std::string name;
  Span span;
  Span name_span;
  std::vector<Attribute> attributes;
  std::string doc;

  const Attribute* attribute(std::string_view n) const { return find_attribute(attributes, n); }
};

struct Enum {
  SourcePtr file;
  std::string name;
  Span span;
  Span name_span;
  std::vector<EnumValue> values;
  std::vector<Attribute> attributes;  // @@map, @@schema
  std::string doc;

  const Attribute* attribute(std::string_view n) const { return find_attribute(attributes, n); }
};

// `key = value` inside a datasource or generator block.
struct Property {
  std::string name;
  Span span;
  Span name_span;
  Expr value;
};

struct ExtensionSpec {  // one entry of `extensions = [pgcrypto, postgis(schema: "gis", version: "3")]`
  std::string name;
  std::string schema;   // empty when not given
  std::string version;
  std::string map;
  Span span;
};

struct Datasource {
  SourcePtr file;
  std::string name;
  Span span;
  Span name_span;
  std::vector<Property> properties;
  std::string doc;
  // Read out of `properties`, as written (env("…") urls keep the call text in `url`).
  std::string provider;
  std::string url;
  std::vector<std::string> schemas;
  std::vector<ExtensionSpec> extensions;
  std::string relation_mode;  // "foreignKeys" (default) or "prisma"

  const Property* property(std::string_view n) const;
};

struct Generator {
  SourcePtr file;
  std::string name;
  Span span;
  Span name_span;
  std::vector<Property> properties;
  std::string doc;
  std::string provider;
  std::vector<std::string> preview_features;

  const Property* property(std::string_view n) const;
};

struct Schema {
  std::vector<SourcePtr> files;  // in the order they were parsed (sorted paths for a folder)
  std::vector<Datasource> datasources;
  std::vector<Generator> generators;
  std::vector<Model> models;     // `model` blocks
  std::vector<Model> views;      // `view` blocks
  std::vector<Model> types;      // composite `type` blocks
  std::vector<Enum> enums;

  const Datasource* datasource() const { return datasources.empty() ? nullptr : &datasources.front(); }
  const Model* model(std::string_view name) const;
  const Enum* enum_type(std::string_view name) const;
  bool has_preview_feature(std::string_view feature) const;
};

}  // namespace sg::prisma
