#include "analyzer/prisma/validate.hpp"

#include "analyzer/prisma/findings.hpp"
#include "analyzer/prisma/native_types.hpp"

namespace sg::prisma {

namespace {

constexpr size_t kMaxIdentifier = 63;

class Validator {
 public:
  explicit Validator(const Schema& s) : s_(s) {}

  std::vector<Finding> run() {
    const Datasource* ds = s_.datasource();
    check_native_ = !ds || is_postgres_provider(ds->provider);
    if (ds && !ds->name.empty()) native_prefix_ = ds->name + ".";
    for (const Model& m : s_.models) model(m);
    for (const Enum& e : s_.enums) {
      name(e.file, e.name_span, mapped(e.attributes, e.name), "enum");
      for (const EnumValue& v : e.values) name(e.file, v.span, mapped(v.attributes, v.name), "enum value");
    }
    return std::move(out_);
  }

 private:
  static std::string mapped(const std::vector<Attribute>& attributes, const std::string& fallback) {
    std::string name = string_arg(find_attribute(attributes, "map"), "name", 0);
    return name.empty() ? fallback : name;
  }

  void add(const SourcePtr& file, Span at, std::string rule, Severity sev, std::string message, std::string help) {
    out_.push_back(make_finding(file, at, std::move(rule), sev, std::move(message), std::move(help)));
  }

  void name(const SourcePtr& file, Span at, const std::string& n, const char* what) {
    if (n.size() <= kMaxIdentifier) return;
    add(file, at, "identifier-too-long", Severity::Error,
        std::string(what) + " name `" + n + "` is " + std::to_string(n.size()) +
            " bytes; PostgreSQL keeps only the first 63, so the database will not match the schema",
        "Give it a name of at most 63 bytes with @map/@@map or `map:`.");
  }

  void model(const Model& m) {
    name(m.file, m.name_span, mapped(m.attributes, m.name), "table");
    for (const Field& f : m.fields) {
      bool relation = s_.model(f.type.name) != nullptr;
      if (!relation && !s_.enum_type(f.type.name) && is_scalar_type(f.type.name))
        name(m.file, f.name_span, mapped(f.attributes, f.name), "column");
      for (const Attribute& a : f.attributes) {
        if (check_native_ && a.name.rfind(native_prefix_, 0) == 0) native(m, a);
        explicit_map(m, a);
      }
      if (relation) relation_field(m, f);
    }
    for (const Attribute& a : m.attributes) explicit_map(m, a);
  }

  void explicit_map(const Model& m, const Attribute& a) {
    if (a.name != "id" && a.name != "unique" && a.name != "index" && a.name != "relation") return;
    if (const Argument* map = a.arg("map"); map && map->value.is(Expr::Kind::String))
      name(m.file, map->span, map->value.text, a.name == "relation" ? "foreign key" : "index or constraint");
  }

  void native(const Model& m, const Attribute& a) {
    std::vector<std::string> args;
    for (const Argument& arg : a.args) args.push_back(arg.value.text);
    std::string_view type = std::string_view(a.name).substr(native_prefix_.size());
    if (postgres_native_type(type, args)) return;
    std::string known;
    for (std::string_view n : postgres_native_type_names()) known += (known.empty() ? "" : ", ") + std::string(n);
    add(m.file, a.span, "unknown-native-type", Severity::Error,
        "`@" + a.name + "` is not a native type of the PostgreSQL connector, so Prisma cannot migrate this column",
        "Use one of @" + native_prefix_ + known + ", or Unsupported(\"<postgres type>\") for anything else.");
  }

  static std::string relation_name(const Field& f) { return string_arg(f.attribute("relation"), "name", 0); }

  void relation_field(const Model& m, const Field& f) {
    const Model* target = s_.model(f.type.name);
    const Attribute* rel = f.attribute("relation");
    const Argument* fields = rel ? rel->arg("fields") : nullptr;
    const Argument* refs = rel ? rel->arg("references") : nullptr;
    if (fields || refs) {
      size_t nf = fields ? fields->value.items.size() : 0, nr = refs ? refs->value.items.size() : 0;
      if (!fields || !refs || nf != nr || nf == 0) {
        add(m.file, rel->span, "relation-fields-mismatch", Severity::Error,
            "relation `" + m.name + "." + f.name + "` has " + std::to_string(nf) + " field(s) in `fields:` and " +
                std::to_string(nr) + " in `references:`; Prisma needs one referenced field per local field",
            "Write @relation(fields: [authorId], references: [id]) with lists of the same length.");
        return;
      }
      for (const Expr& e : fields->value.items)
        if (!m.field(e.text))
          add(m.file, e.span, "relation-fields-mismatch", Severity::Error,
              "`" + e.text + "` in `fields:` is not a field of model `" + m.name + "`",
              "Declare the scalar field (e.g. `" + e.text + " Int`) or fix the name.");
      for (const Expr& e : refs->value.items)
        if (!target->field(e.text))
          add(m.file, e.span, "relation-fields-mismatch", Severity::Error,
              "`" + e.text + "` in `references:` is not a field of model `" + target->name + "`",
              "Reference the @id or a @unique field of `" + target->name + "`.");
      return;
    }
    if (f.type.list) return;  // the "many" side, or one side of an implicit many-to-many
    // A 1:1 or 1:n relation needs `fields:`/`references:` on one of its two sides.
    std::string rname = relation_name(f);
    for (const Field& g : target->fields) {
      if (&g == &f || g.type.name != m.name || relation_name(g) != rname) continue;
      const Attribute* back = g.attribute("relation");
      if (back && back->arg("fields")) return;
    }
    add(m.file, f.span, "relation-fields-mismatch", Severity::Error,
        "relation field `" + m.name + "." + f.name + "` has no `fields:`/`references:`, and neither has its "
        "opposite field in `" + target->name + "`, so Prisma cannot tell which side holds the foreign key",
        "Add @relation(fields: [" + f.name + "Id], references: [id]) on the side that stores the key.");
  }

  const Schema& s_;
  bool check_native_ = true;
  std::string native_prefix_ = "db.";  // native types are `@<datasource name>.Type`
  std::vector<Finding> out_;
};

}  // namespace

bool is_postgres_provider(std::string_view provider) { return provider == "postgresql" || provider == "postgres"; }

std::vector<Finding> validate_schema(const Schema& schema) { return Validator(schema).run(); }

std::optional<Finding> check_provider(const Schema& schema) {
  const Datasource* ds = schema.datasource();
  if (!ds || is_postgres_provider(ds->provider)) return std::nullopt;
  const Property* p = ds->property("provider");
  return make_finding(ds->file, p ? p->value.span : ds->name_span, "unsupported-provider", Severity::Error,
                      "datasource `" + ds->name + "` uses provider \"" + ds->provider +
                          "\"; schemagate checks PostgreSQL migrations only",
                      "Point schemagate at a schema whose datasource has provider = \"postgresql\".");
}

}  // namespace sg::prisma
