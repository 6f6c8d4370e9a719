// Mutations of every corpus schema, made in memory on the files read from ../shared: add, remove, retype and
// rename (@map) a field; add and remove a model, an @@index, an @unique, a relation and an enum value. Each
// mutation must come out of the drift check against the corpus's own history with the right rule, at the right
// line of the mutated schema, and (where the migrations made the object) pointing at the statement that made it.
// The history replays once per corpus; every mutation reuses its final catalog and provenance.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/history/history.hpp"
#include "analyzer/prisma/expect.hpp"
#include "analyzer/prisma/schema.hpp"
#include "analyzer/replay/replay.hpp"
#include "analyzer/schema_drift/schema_drift.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace sg;

namespace {

// One corpus: its history replayed once, with provenance, and its schema files as read.
struct Corpus {
  std::string name;
  MigrationHistory history;
  catalog::Catalog final_catalog;
  schema_drift::Provenance provenance;
  std::vector<SourcePtr> files;
  prisma::Schema schema;
  prisma::ExpectedCatalog expected;
  schema_drift::Result baseline;
};

std::unique_ptr<Corpus> load(const std::string& name) {
  auto c = std::make_unique<Corpus>();
  c->name = name;
  fs::path root = test::shared_dir() / "corpus" / name;
  c->history = load_history(root / "migrations");
  parse_history(c->history);
  replay::Replayer replayer;
  schema_drift::ProvenanceRecorder recorder;
  for (const Migration& m : c->history.migrations) {
    if (!m.readable) continue;
    replayer.apply(m, [&](const sql::Statement& st, const catalog::Catalog& before) {
      recorder.before_statement(m, st, before);
    });
  }
  c->provenance = recorder.finish(replayer.catalog());
  c->final_catalog = replayer.catalog();
  for (const auto& p : prisma::schema_files(root / "schema"))
    c->files.push_back(std::make_shared<const SourceFile>(p.string(), test::read_file(p)));
  prisma::ParseResult parsed = prisma::parse_schema(c->files);
  if (parsed.has_errors()) return nullptr;
  c->schema = std::move(parsed.schema);
  c->expected = prisma::expect_catalog(c->schema);
  c->baseline = schema_drift::check(c->history, c->expected, c->final_catalog, c->provenance);
  return c;
}

// A text edit of one schema file (offsets in the original file).
struct Edit {
  size_t file = 0;
  size_t begin = 0, end = 0;
  std::string text;
};

// Where the finding must be: a line of a (mutated) schema file, or a migration statement.
struct Expectation {
  std::string rule;
  std::vector<std::string> message_parts;  // all must be in the message
  std::optional<size_t> file;              // schema file index, with `line` in the mutated text
  uint32_t line = 0;
  std::string statement_mentions;          // the migration statement that made the object names it ("" = not checked)
};

struct Mutation {
  std::string kind;
  std::string what;  // for messages
  std::vector<Edit> edits;
  std::vector<Expectation> expect;
};

uint32_t line_at(std::string_view text, size_t offset) {
  return 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

// The offset of `original` in file `file` after `edits` (edits never overlap it).
size_t mapped(const std::vector<Edit>& edits, size_t file, size_t original) {
  long delta = 0;
  for (const Edit& e : edits)
    if (e.file == file && e.end <= original && !(e.begin == original && e.end == original))
      delta += static_cast<long>(e.text.size()) - static_cast<long>(e.end - e.begin);
  return static_cast<size_t>(static_cast<long>(original) + delta);
}

std::vector<Edit> edits_for(const std::vector<Edit>& edits, size_t file) {
  std::vector<Edit> out;
  for (const Edit& e : edits)
    if (e.file == file) out.push_back(e);
  return out;
}

std::string apply(const std::string& text, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
  std::string out = text;
  for (const Edit& e : edits) out.replace(e.begin, e.end - e.begin, e.text);
  return out;
}

bool icontains(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

class Mutator {
 public:
  explicit Mutator(const Corpus& c) : c_(c) {
    for (const auto& d : c.baseline.differences) drifting_.insert(d.table.empty() ? d.name : d.table);
    for (size_t i = 0; i < c.files.size(); ++i) file_index_[c.files[i].get()] = i;
  }

  std::vector<Mutation> all() {
    std::vector<Mutation> out;
    for (auto make : {&Mutator::add_field, &Mutator::remove_field, &Mutator::retype_field, &Mutator::rename_field,
                      &Mutator::add_model, &Mutator::remove_model, &Mutator::add_index, &Mutator::remove_index,
                      &Mutator::add_unique, &Mutator::remove_unique, &Mutator::add_relation, &Mutator::remove_relation,
                      &Mutator::add_enum_value, &Mutator::remove_enum_value})
      if (auto m = (this->*make)()) out.push_back(std::move(*m));
    return out;
  }

 private:
  const Corpus& c_;
  std::set<std::string> drifting_;  // tables and enums that already differ: left alone
  std::map<const SourceFile*, size_t> file_index_;

  size_t file_of(const SourcePtr& f) const { return file_index_.at(f.get()); }
  const std::string& text_of(size_t file) const { return c_.files[file]->text(); }

  std::string table_of(const prisma::Model& m) const {
    std::string t = prisma::string_arg(m.attribute("map"), "name", 0);
    return t.empty() ? m.name : t;
  }
  std::string column_of(const prisma::Field& f) const {
    std::string col = prisma::string_arg(f.attribute("map"), "name", 0);
    return col.empty() ? f.name : col;
  }
  std::string schema_of(const prisma::Model& m) const {
    std::string s = prisma::string_arg(m.attribute("schema"), "", 0);
    if (!s.empty()) return s;
    const prisma::Datasource* ds = c_.schema.datasource();
    return ds && !ds->schemas.empty() ? ds->schemas.front() : "public";
  }
  const catalog::Table* db_table(const prisma::Model& m) const { return c_.final_catalog.table(schema_of(m), table_of(m)); }
  bool is_model(const std::string& type) const { return c_.schema.model(type) != nullptr; }
  bool foreign_keys() const {
    const prisma::Datasource* ds = c_.schema.datasource();
    return !(ds && ds->relation_mode == "prisma");
  }

  // Models whose table the history made and that are not already drifting.
  std::vector<const prisma::Model*> clean_models() const {
    std::vector<const prisma::Model*> out;
    for (const auto& m : c_.schema.models)
      if (!m.attribute("ignore") && db_table(m) && !drifting_.count(table_of(m)) && !m.fields.empty()) out.push_back(&m);
    return out;
  }

  // Fields named in a block attribute's field list (@@id, @@unique, @@index) or in a relation's `fields:`.
  std::set<std::string> fields_in_keys(const prisma::Model& m) const {
    std::set<std::string> out;
    auto add_list = [&](const prisma::Argument* a) {
      if (!a) return;
      for (const auto& e : a->value.items) out.insert(e.text);
      if (!a->value.is(prisma::Expr::Kind::Array)) out.insert(a->value.text);
    };
    for (const auto& a : m.attributes) add_list(a.arg("fields", 0));
    for (const auto& f : m.fields)
      if (const prisma::Attribute* r = f.attribute("relation")) add_list(r->arg("fields"));
    return out;
  }

  // A plain scalar column: no key, default, map or native type, nothing depends on it.
  const prisma::Field* plain_field(const prisma::Model& m, bool string_only = false) const {
    std::set<std::string> keyed = fields_in_keys(m);
    const catalog::Table* t = db_table(m);
    for (const auto& f : m.fields) {
      if (is_model(f.type.name) || f.type.list || f.type.unsupported || !f.attributes.empty() || keyed.count(f.name))
        continue;
      if (c_.schema.enum_type(f.type.name)) continue;
      if (string_only && f.type.name != "String") continue;
      if (!t || !t->column(f.name)) continue;
      bool indexed = std::any_of(t->indexes.begin(), t->indexes.end(), [&](const catalog::Index& ix) {
        return std::find(ix.columns.begin(), ix.columns.end(), f.name) != ix.columns.end();
      });
      if (indexed) continue;
      return &f;
    }
    return nullptr;
  }

  // The first clean model with a plain field: what the field mutations edit.
  struct ModelField {
    const prisma::Model* m;
    const prisma::Field* f;
  };
  std::optional<ModelField> first_plain_field(bool string_only = false) const {
    for (const prisma::Model* m : clean_models())
      if (const prisma::Field* f = plain_field(*m, string_only)) return ModelField{m, f};
    return std::nullopt;
  }

  // Offset right after the line holding `offset` (past its newline).
  size_t next_line(size_t file, size_t offset) const {
    size_t nl = text_of(file).find('\n', offset);
    return nl == std::string::npos ? text_of(file).size() : nl + 1;
  }
  size_t line_start(size_t file, size_t offset) const {
    size_t nl = text_of(file).rfind('\n', offset == 0 ? 0 : offset - 1);
    return nl == std::string::npos ? 0 : nl + 1;
  }
  Edit delete_line(size_t file, Span s) const { return {file, line_start(file, s.begin), next_line(file, s.end), ""}; }
  // A new line after the last field of `m`.
  Edit insert_after_fields(const prisma::Model& m, const std::string& line) const {
    size_t f = file_of(m.file);
    return {f, next_line(f, m.fields.back().span.end), next_line(f, m.fields.back().span.end), line};
  }

  Expectation at_line(const std::string& rule, std::vector<std::string> parts, size_t file, size_t mutated_offset,
                      const std::string& mutated_text, std::string statement = {}) const {
    return {rule, std::move(parts), file, line_at(mutated_text, mutated_offset), std::move(statement)};
  }
  // The finding for something removed from the schema points at the model's header.
  Expectation at_model(const std::string& rule, std::vector<std::string> parts, const prisma::Model& m,
                       const std::vector<Edit>& edits, std::string statement = {}) const {
    size_t f = file_of(m.file);
    std::string mutated = apply(text_of(f), edits_for(edits, f));
    return at_line(rule, std::move(parts), f, mapped(edits, f, m.name_span.begin), mutated, std::move(statement));
  }
  // Line of inserted text `marker` in the mutated file.
  Expectation at_marker(const std::string& rule, std::vector<std::string> parts, size_t file,
                        const std::vector<Edit>& edits, const std::string& marker, std::string statement = {}) const {
    std::string mutated = apply(text_of(file), edits_for(edits, file));
    return at_line(rule, std::move(parts), file, mutated.find(marker), mutated, std::move(statement));
  }

  std::optional<Mutation> add_field() {
    for (const prisma::Model* m : clean_models()) {
      Mutation mu{"add field", m->name + ".sgMutantAdded", {insert_after_fields(*m, "  sgMutantAdded Int?\n")}, {}};
      mu.expect.push_back(at_marker("schema-drift", {"add column `sgMutantAdded` to `" + table_of(*m) + "`"},
                                    file_of(m->file), mu.edits, "sgMutantAdded"));
      return mu;
    }
    return std::nullopt;
  }

  std::optional<Mutation> remove_field() {
    auto mf = first_plain_field();
    if (!mf) return std::nullopt;
    auto [m, f] = *mf;
    Mutation mu{"remove field", m->name + "." + f->name, {delete_line(file_of(m->file), f->span)}, {}};
    mu.expect.push_back(at_model("schema-drift", {"drop column `" + column_of(*f) + "` of `" + table_of(*m) + "`"}, *m,
                                 mu.edits, column_of(*f)));
    return mu;
  }

  std::optional<Mutation> retype_field() {
    auto mf = first_plain_field(true);
    if (!mf) return std::nullopt;
    auto [m, f] = *mf;
    size_t file = file_of(m->file);
    Mutation mu{"retype field", m->name + "." + f->name + " String→Int",
                {{file, f->type.span.begin, f->type.span.begin + 6, "Int"}}, {}};
    std::string mutated = apply(text_of(file), mu.edits);
    mu.expect.push_back(at_line("schema-drift", {"change type of column `" + column_of(*f) + "` of `" + table_of(*m) + "`",
                                                 "schema.prisma expects integer"},
                                file, mapped(mu.edits, file, f->span.begin), mutated, column_of(*f)));
    return mu;
  }

  std::optional<Mutation> rename_field() {
    auto mf = first_plain_field();
    if (!mf) return std::nullopt;
    auto [m, f] = *mf;
    size_t file = file_of(m->file);
    Mutation mu{"rename field (@map)", m->name + "." + f->name,
                {{file, f->type.span.end, f->type.span.end, " @map(\"sg_mutant_renamed\")"}}, {}};
    mu.expect.push_back(at_marker("schema-drift", {"add column `sg_mutant_renamed` to `" + table_of(*m) + "`"}, file,
                                  mu.edits, "sg_mutant_renamed"));
    mu.expect.push_back(at_model("schema-drift", {"drop column `" + column_of(*f) + "` of `" + table_of(*m) + "`"}, *m,
                                 mu.edits, column_of(*f)));
    return mu;
  }

  std::optional<Mutation> add_model() {
    const prisma::Model* anchor = clean_models().empty() ? nullptr : clean_models().front();
    if (!anchor) return std::nullopt;
    size_t file = file_of(anchor->file);
    const prisma::Datasource* ds = c_.schema.datasource();
    std::string block = "\nmodel SgMutantModel {\n  id Int @id\n";
    if (ds && !ds->schemas.empty()) block += "  @@schema(\"" + ds->schemas.front() + "\")\n";
    block += "}\n";
    Mutation mu{"add model", "SgMutantModel", {{file, text_of(file).size(), text_of(file).size(), block}}, {}};
    mu.expect.push_back(at_marker("schema-drift", {"create table `SgMutantModel`"}, file, mu.edits, "model SgMutantModel"));
    return mu;
  }

  std::optional<Mutation> remove_model() {
    for (const prisma::Model* m : clean_models()) {
      bool related = std::any_of(m->fields.begin(), m->fields.end(), [&](const prisma::Field& f) { return is_model(f.type.name); });
      for (const auto& other : c_.schema.models)
        for (const auto& f : other.fields) related |= f.type.name == m->name;
      if (related) continue;
      size_t file = file_of(m->file);
      Mutation mu{"remove model", m->name, {{file, line_start(file, m->span.begin), next_line(file, m->span.end), ""}}, {}};
      // Nothing of it is left in the schema: the finding is at the statement that created the table.
      mu.expect.push_back({"schema-drift", {"drop table `" + table_of(*m) + "`"}, std::nullopt, 0, table_of(*m)});
      return mu;
    }
    return std::nullopt;
  }

  std::optional<Mutation> add_index() {
    auto mf = first_plain_field();
    if (!mf) return std::nullopt;
    auto [m, f] = *mf;
    std::string name = prisma::prisma_constraint_name(table_of(*m), {column_of(*f)}, "idx");
    Mutation mu{"add @@index", m->name + "(" + f->name + ")", {insert_after_fields(*m, "  @@index([" + f->name + "])\n")}, {}};
    mu.expect.push_back(at_marker("schema-drift", {"create index `" + name + "` on `" + table_of(*m) + "`"},
                                  file_of(m->file), mu.edits, "@@index([" + f->name + "])\n"));
    return mu;
  }

  std::optional<Mutation> remove_index() {
    for (const prisma::Model* m : clean_models()) {
      const catalog::Table* t = db_table(*m);
      for (const auto& a : m->attributes) {
        if (a.name != "index" || a.arg("map") || a.arg("name") || a.arg("type") || a.arg("where")) continue;
        std::vector<std::string> cols;
        const prisma::Argument* fields = a.arg("fields", 0);
        if (!fields || !fields->value.is(prisma::Expr::Kind::Array)) continue;
        bool plain = true;
        for (const auto& e : fields->value.items) {
          const prisma::Field* f = m->field(e.text);
          plain &= e.is(prisma::Expr::Kind::Identifier) && f != nullptr;
          if (f) cols.push_back(column_of(*f));
        }
        if (!plain) continue;
        std::string name = prisma::prisma_constraint_name(table_of(*m), cols, "idx");
        auto ix = std::find_if(t->indexes.begin(), t->indexes.end(), [&](const auto& i) { return i.name == name; });
        if (ix == t->indexes.end() || ix->predicate) continue;
        // Another declaration of the same shape would keep the index alive under Prisma's matching.
        int same_shape = 0;
        for (const auto& b : m->attributes)
          if ((b.name == "index" || b.name == "unique" || b.name == "id") && b.arg("fields", 0) &&
              b.arg("fields", 0)->value.items.size() == cols.size()) {
            bool eq = true;
            for (size_t i = 0; i < cols.size(); ++i) eq &= b.arg("fields", 0)->value.items[i].text == fields->value.items[i].text;
            same_shape += eq;
          }
        if (same_shape != 1) continue;
        size_t file = file_of(m->file);
        Mutation mu{"remove @@index", m->name + " " + name, {delete_line(file, a.span)}, {}};
        mu.expect.push_back(at_model("schema-drift", {"drop index `" + name + "` on `" + table_of(*m) + "`"}, *m, mu.edits, name));
        return mu;
      }
    }
    return std::nullopt;
  }

  std::optional<Mutation> add_unique() {
    auto mf = first_plain_field();
    if (!mf) return std::nullopt;
    auto [m, f] = *mf;
    size_t file = file_of(m->file);
    std::string name = prisma::prisma_constraint_name(table_of(*m), {column_of(*f)}, "key");
    Mutation mu{"add @unique", m->name + "." + f->name, {{file, f->type.span.end, f->type.span.end, " @unique"}}, {}};
    std::string mutated = apply(text_of(file), mu.edits);
    mu.expect.push_back(at_line("schema-drift", {"create index `" + name + "` on `" + table_of(*m) + "`"}, file,
                                mapped(mu.edits, file, f->span.begin), mutated));
    return mu;
  }

  std::optional<Mutation> remove_unique() {
    for (const prisma::Model* m : clean_models()) {
      const catalog::Table* t = db_table(*m);
      for (const auto& f : m->fields) {
        const prisma::Attribute* u = f.attribute("unique");
        if (!u || u->has_parens || f.attribute("id")) continue;
        std::string name = prisma::prisma_constraint_name(table_of(*m), {column_of(f)}, "key");
        bool in_db = std::any_of(t->indexes.begin(), t->indexes.end(), [&](const auto& i) { return i.name == name; });
        // Another unique key on the same column would keep it.
        int uniques = 0;
        for (const auto& a : m->attributes)
          if ((a.name == "unique" || a.name == "id") && a.arg("fields", 0) && a.arg("fields", 0)->value.items.size() == 1 &&
              a.arg("fields", 0)->value.items[0].text == f.name)
            ++uniques;
        if (!in_db || uniques) continue;
        size_t file = file_of(m->file);
        Mutation mu{"remove @unique", m->name + "." + f.name, {{file, u->span.begin - 1, u->span.end, ""}}, {}};
        mu.expect.push_back(at_model("schema-drift", {"will drop ", "`" + name + "` on `" + table_of(*m) + "`"}, *m, mu.edits, name));
        return mu;
      }
    }
    return std::nullopt;
  }

  // The single @id field of a model, when it is a plain scalar.
  const prisma::Field* single_id(const prisma::Model& m) const {
    for (const auto& f : m.fields)
      if (f.attribute("id") && !f.type.list && !is_model(f.type.name) && !f.type.unsupported) return &f;
    return nullptr;
  }

  std::optional<Mutation> add_relation() {
    if (!foreign_keys()) return std::nullopt;
    auto models = clean_models();
    for (const prisma::Model* m : models)
      for (const prisma::Model* target : models) {
        if (target == m) continue;
        const prisma::Field* id = single_id(*target);
        if (!id) continue;
        size_t file = file_of(m->file);
        std::string native;
        for (const auto& a : id->attributes)
          if (a.name.rfind("db.", 0) == 0) native = " " + std::string(c_.files[file_of(target->file)]->slice(a.span));
        std::string lines = "  sgMutantRefId " + id->type.name + "?" + native + "\n  sgMutantRef " + target->name +
                            "? @relation(\"SgMutantRel\", fields: [sgMutantRefId], references: [" + id->name + "])\n";
        std::vector<Edit> edits = {insert_after_fields(*m, lines),
                                   insert_after_fields(*target, "  sgMutantBack " + m->name + "[] @relation(\"SgMutantRel\")\n")};
        std::string fk = prisma::prisma_constraint_name(table_of(*m), {"sgMutantRefId"}, "fkey");
        Mutation mu{"add relation", m->name + " → " + target->name, edits, {}};
        mu.expect.push_back(at_marker("schema-drift", {"add column `sgMutantRefId` to `" + table_of(*m) + "`"}, file,
                                      edits, "sgMutantRefId " + id->type.name));
        mu.expect.push_back(at_marker("schema-drift", {"create foreign key `" + fk + "` on `" + table_of(*m) + "`"}, file,
                                      edits, "sgMutantRef " + target->name));
        return mu;
      }
    return std::nullopt;
  }

  std::optional<Mutation> remove_relation() {
    if (!foreign_keys()) return std::nullopt;
    for (const prisma::Model* m : clean_models()) {
      const catalog::Table* t = db_table(*m);
      for (const auto& f : m->fields) {
        const prisma::Attribute* rel = f.attribute("relation");
        const prisma::Argument* fields = rel ? rel->arg("fields") : nullptr;
        if (!fields || rel->arg("map") || f.type.list) continue;
        const prisma::Model* target = c_.schema.model(f.type.name);
        if (!target || target == m) continue;
        std::vector<std::string> cols;
        for (const auto& e : fields->value.items)
          if (const prisma::Field* sf = m->field(e.text)) cols.push_back(column_of(*sf));
        std::string fk = prisma::prisma_constraint_name(table_of(*m), cols, "fkey");
        bool in_db = std::any_of(t->foreign_keys.begin(), t->foreign_keys.end(), [&](const auto& k) { return k.name == fk; });
        if (!in_db) continue;
        std::string rname = prisma::string_arg(rel, "name", 0);
        std::vector<Edit> edits = {delete_line(file_of(m->file), f.span)};
        for (const auto& back : target->fields)
          if (back.type.name == m->name && prisma::string_arg(back.attribute("relation"), "name", 0) == rname)
            edits.push_back(delete_line(file_of(target->file), back.span));
        Mutation mu{"remove relation", m->name + "." + f.name, edits, {}};
        mu.expect.push_back(at_model("schema-drift", {"drop foreign key `" + fk + "` on `" + table_of(*m) + "`"}, *m, edits, fk));
        return mu;
      }
    }
    return std::nullopt;
  }

  const prisma::Enum* clean_enum(size_t min_values) const {
    for (const auto& e : c_.schema.enums) {
      std::string db = prisma::string_arg(e.attribute("map"), "name", 0);
      if (db.empty()) db = e.name;
      bool in_db = std::any_of(c_.final_catalog.enums.begin(), c_.final_catalog.enums.end(),
                               [&](const auto& x) { return x.name == db; });
      if (in_db && !drifting_.count(db) && e.values.size() >= min_values) return &e;
    }
    return nullptr;
  }

  std::optional<Mutation> add_enum_value() {
    const prisma::Enum* e = clean_enum(1);
    if (!e) return std::nullopt;
    size_t file = file_of(e->file);
    size_t at = next_line(file, e->values.back().span.end);
    Mutation mu{"add enum value", e->name + ".SG_MUTANT_VALUE", {{file, at, at, "  SG_MUTANT_VALUE\n"}}, {}};
    std::string mutated = apply(text_of(file), mu.edits);
    mu.expect.push_back(at_line("schema-drift", {"change values of enum `", "SG_MUTANT_VALUE"}, file,
                                mapped(mu.edits, file, e->name_span.begin), mutated));
    return mu;
  }

  std::optional<Mutation> remove_enum_value() {
    const prisma::Enum* e = clean_enum(2);
    if (!e) return std::nullopt;
    size_t file = file_of(e->file);
    const prisma::EnumValue& v = e->values.back();
    std::string db = prisma::string_arg(v.attribute("map"), "name", 0);
    if (db.empty()) db = v.name;
    Mutation mu{"remove enum value", e->name + "." + v.name, {delete_line(file, v.span)}, {}};
    std::string mutated = apply(text_of(file), mu.edits);
    mu.expect.push_back(at_line("schema-drift", {"change values of enum `", "the migrations give"}, file,
                                mapped(mu.edits, file, e->name_span.begin), mutated, db));
    return mu;
  }
};

// Checks one expectation against the findings; returns an explanation when it is not met.
std::string unmet(const Expectation& x, const std::vector<Finding>& findings, const std::vector<SourcePtr>& files) {
  std::string near;
  for (const Finding& f : findings) {
    bool all = std::all_of(x.message_parts.begin(), x.message_parts.end(),
                           [&](const std::string& p) { return f.message.find(p) != std::string::npos; });
    if (!all) continue;
    std::string why;
    if (f.rule != x.rule) why += " rule " + f.rule + " (want " + x.rule + ");";
    const Location* statement = nullptr;
    if (x.file) {
      if (f.location.path != files[*x.file]->path() || f.location.range.start.line != x.line)
        why += " at " + f.location.path + ":" + std::to_string(f.location.range.start.line) + " (want line " +
               std::to_string(x.line) + ");";
      if (!f.related.empty()) statement = &f.related.front().location;
    } else {
      statement = &f.location;
    }
    if (!x.statement_mentions.empty()) {
      if (!statement || !statement->file)
        why += " no migration statement;";
      else if (!icontains(statement->file->slice(statement->span), x.statement_mentions))
        why += " statement `" + std::string(statement->file->slice(statement->span)).substr(0, 120) + "` does not name " +
               x.statement_mentions + ";";
    }
    if (why.empty()) return {};
    near = f.message + ":" + why;
  }
  return near.empty() ? "no finding says " + x.message_parts.front() : near;
}

// With SCHEMAGATE_MUTATION_DUMP=DIR, each mutated schema is written to DIR/<corpus>/<kind>/ with the findings,
// so that Prisma's own engine (../shared/tools/prisma-oracle diff-migrations-to-schema) can be run on it.
void dump_mutation(const fs::path& dir, const std::string& corpus, const Mutation& mu, const std::vector<SourcePtr>& files,
                   const schema_drift::Result& r) {
  std::string kind = mu.kind;
  for (char& ch : kind)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  fs::path out = dir / corpus / kind;
  fs::path root = test::shared_dir() / "corpus" / corpus / "schema";
  for (const auto& f : files) {
    fs::path rel = fs::path(f->path()).lexically_relative(root);
    fs::create_directories((out / "schema" / rel).parent_path());
    test::write_file(out / "schema" / rel, f->text());
  }
  std::string findings;
  for (const Finding& f : r.findings) findings += f.rule + ": " + f.message + "\n";
  test::write_file(out / "findings.txt", findings);
}

TEST(SchemaDriftMutation, EveryCorpusMutationIsReportedAtTheRightPlace) {
  SG_REQUIRE_SHARED();
  std::map<std::string, int> kinds_checked;
  int corpora = 0;
  for (const auto& name : test::corpora()) {
    auto c = load(name);
    if (!c) {
      std::printf("[ mutation ] %-28s schema does not parse cleanly: skipped\n", name.c_str());
      continue;
    }
    ++corpora;
    Mutator mutator(*c);
    std::vector<Mutation> mutations = mutator.all();
    int reported = 0;
    for (const Mutation& mu : mutations) {
      std::vector<SourcePtr> files = c->files;
      for (size_t i = 0; i < files.size(); ++i) {
        auto mine = edits_for(mu.edits, i);
        if (!mine.empty()) files[i] = std::make_shared<const SourceFile>(files[i]->path(), apply(files[i]->text(), mine));
      }
      prisma::ParseResult parsed = prisma::parse_schema(files);
      if (parsed.has_errors()) {
        ADD_FAILURE() << name << ": " << mu.kind << " " << mu.what << " made a schema that does not parse: "
                      << parsed.findings.front().message;
        continue;
      }
      auto r = schema_drift::check(c->history, prisma::expect_catalog(parsed.schema), c->final_catalog, c->provenance);
      if (const char* dump = std::getenv("SCHEMAGATE_MUTATION_DUMP")) dump_mutation(dump, name, mu, files, r);
      bool ok = true;
      for (const Expectation& x : mu.expect) {
        std::string why = unmet(x, r.findings, files);
        if (!why.empty()) {
          ok = false;
          ADD_FAILURE() << name << ": " << mu.kind << " " << mu.what << ": " << why;
        }
      }
      // Nothing else: a mutation is reported as exactly the steps Prisma would generate for it.
      if (r.findings.size() != c->baseline.findings.size() + mu.expect.size()) {
        ok = false;
        std::string all;
        for (const Finding& f : r.findings) all += "\n    " + f.rule + ": " + f.message;
        ADD_FAILURE() << name << ": " << mu.kind << " " << mu.what << ": " << r.findings.size() << " finding(s), want "
                      << c->baseline.findings.size() << " already there + " << mu.expect.size() << all;
      }
      reported += ok;
      ++kinds_checked[mu.kind];
    }
    std::printf("[ mutation ] %-28s %d/%zu mutations reported with the right rule, line and statement\n", name.c_str(),
                reported, mutations.size());
  }
  std::printf("[ mutation ] %d corpora;", corpora);
  for (const auto& [kind, n] : kinds_checked) std::printf(" %s=%d", kind.c_str(), n);
  std::printf("\n");
  if (corpora == 0) GTEST_SKIP() << "no corpus schema parses";
  // Every kind of mutation must have found a target in some corpus.
  EXPECT_EQ(kinds_checked.size(), 14u);
}

}  // namespace
