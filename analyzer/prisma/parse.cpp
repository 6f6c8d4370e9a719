// Orchestrates the Prisma front end: read files, preprocess (preprocess.hpp), parse with tree-sitter,
// convert (convert.hpp), then fill what the grammar leaves out: enum-level attributes, `///` docs and
// the datasource/generator settings.
#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "analyzer/prisma/convert.hpp"
#include "analyzer/prisma/findings.hpp"
#include "analyzer/prisma/preprocess.hpp"
#include "analyzer/prisma/schema.hpp"

namespace sg::prisma {

namespace {

Finding make_finding(const SourcePtr& file, Span at, std::string rule, std::string message, std::string help) {
  return prisma::make_finding(file, at, std::move(rule), Severity::Error, std::move(message), std::move(help));
}

// `@@map("x")` from inside an enum, parsed alone as the only attribute of a dummy composite type.
// The dummy text begins `kPrefix.size()` bytes before the attribute, so `shift` maps it back.
void parse_enum_attribute(TSParser* parser, const SourcePtr& file, Span at, std::vector<Attribute>& out,
                          std::vector<Finding>& findings) {
  static constexpr std::string_view kPrefix = "type _ {\n";
  std::string dummy(kPrefix);
  dummy += file->slice(at);
  dummy += "\n}\n";
  ts::Tree tree = ts::parse(parser, dummy);
  int64_t shift = static_cast<int64_t>(at.begin) - static_cast<int64_t>(kPrefix.size());
  Converter conv(file, shift, findings);
  if (!tree) {
    conv.error(at, "Prisma schema syntax error: cannot parse this enum attribute", "Write it as @@map(\"name\").");
    return;
  }
  TSNode root = ts_tree_root_node(tree.get());
  conv.report_syntax_errors(root, at);
  // program > type_declaration > statement_block > block_attribute_declaration
  TSNode decl = ts_node_named_child(root, 0);
  if (ts_node_is_null(decl)) return;
  for (uint32_t i = 0; i < ts_node_named_child_count(decl); ++i) {
    TSNode body = ts_node_named_child(decl, i);
    if (std::string_view(ts_node_type(body)) != "statement_block") continue;
    for (uint32_t k = 0; k < ts_node_named_child_count(body); ++k) {
      TSNode n = ts_node_named_child(body, k);
      if (std::string_view(ts_node_type(n)) == "block_attribute_declaration") out.push_back(conv.attribute(n, true));
    }
  }
}

// Doc comments directly above `begin` (only blanks between), or trailing on the line where `end` is.
std::string docs_for(const Preprocessed& pre, uint32_t begin, uint32_t line_end_at) {
  std::vector<const DocComment*> taken;
  auto it = std::lower_bound(pre.docs.begin(), pre.docs.end(), begin,
                             [](const DocComment& d, uint32_t b) { return d.span.begin < b; });
  uint32_t upto = begin;
  while (it != pre.docs.begin()) {
    const DocComment& d = *std::prev(it);
    std::string_view between = std::string_view(pre.text).substr(d.span.end, upto - d.span.end);
    if (between.find_first_not_of(" \t\r\n") != std::string_view::npos) break;
    if (std::count(between.begin(), between.end(), '\n') > 1) break;  // a blank line ends the doc block
    taken.insert(taken.begin(), &d);
    upto = d.span.begin;
    --it;
  }
  std::string doc;
  for (const DocComment* d : taken) {
    if (!doc.empty()) doc += '\n';
    doc += d->text;
  }
  // A trailing `/// …` after the last token on the same line documents that line's item too.
  size_t eol = pre.text.find('\n', line_end_at);
  if (eol == std::string::npos) eol = pre.text.size();
  auto trailing = std::lower_bound(pre.docs.begin(), pre.docs.end(), line_end_at,
                                   [](const DocComment& d, uint32_t b) { return d.span.begin < b; });
  if (trailing != pre.docs.end() && trailing->span.begin < eol) {
    if (!doc.empty()) doc += '\n';
    doc += trailing->text;
  }
  return doc;
}

void attach_docs(const Preprocessed& pre, Schema& s, const SourcePtr& file) {
  if (pre.docs.empty()) return;
  auto own = [&](const SourcePtr& f) { return f == file; };
  auto model_docs = [&](Model& m) {
    if (!own(m.file)) return;
    m.doc = docs_for(pre, m.span.begin, m.name_span.end);
    for (Field& f : m.fields) f.doc = docs_for(pre, f.span.begin, f.span.end);
  };
  for (Model& m : s.models) model_docs(m);
  for (Model& m : s.views) model_docs(m);
  for (Model& m : s.types) model_docs(m);
  for (Enum& e : s.enums) {
    if (!own(e.file)) continue;
    e.doc = docs_for(pre, e.span.begin, e.name_span.end);
    for (EnumValue& v : e.values) v.doc = docs_for(pre, v.span.begin, v.span.end);
  }
  for (Datasource& d : s.datasources)
    if (own(d.file)) d.doc = docs_for(pre, d.span.begin, d.name_span.end);
  for (Generator& g : s.generators)
    if (own(g.file)) g.doc = docs_for(pre, g.span.begin, g.name_span.end);
}

std::string string_or_text(const Expr& e, const SourcePtr& file) {
  if (e.is(Expr::Kind::String)) return e.text;
  return std::string(file->slice(e.span));
}

constexpr std::string_view kProviders[] = {"postgresql", "postgres", "mysql", "sqlite", "sqlserver", "mongodb",
                                           "cockroachdb"};

void read_settings(Datasource& d, std::vector<Finding>& findings) {
  for (const Property& p : d.properties) {
    if (p.name == "provider") d.provider = string_or_text(p.value, d.file);
    else if (p.name == "url") d.url = string_or_text(p.value, d.file);
    else if (p.name == "relationMode") d.relation_mode = string_or_text(p.value, d.file);
    else if (p.name == "schemas") {
      for (const Expr& item : p.value.items)
        if (item.is(Expr::Kind::String)) d.schemas.push_back(item.text);
    } else if (p.name == "extensions") {
      for (const Expr& item : p.value.items) {
        ExtensionSpec x;
        x.span = item.span;
        x.name = item.text;
        for (const Argument& a : item.args) {
          if (a.name == "schema") x.schema = a.value.text;
          else if (a.name == "version") x.version = a.value.text;
          else if (a.name == "map") x.map = a.value.text;
        }
        if (!x.name.empty()) d.extensions.push_back(std::move(x));
      }
    }
  }
  const Property* provider = d.property("provider");
  if (provider && std::find(std::begin(kProviders), std::end(kProviders), d.provider) == std::end(kProviders)) {
    // Templates such as provider = "{{PRISMA_PROVIDER}}" are not Prisma until rendered.
    findings.push_back(make_finding(d.file, provider->value.span, "schema-syntax-error",
                                    "datasource `" + d.name + "` has provider \"" + d.provider +
                                        "\", which is not a Prisma provider",
                                    "Use one of postgresql, mysql, sqlite, sqlserver, mongodb, cockroachdb "
                                    "(render templates before checking them)."));
  } else if (!provider) {
    findings.push_back(make_finding(d.file, d.name_span, "schema-syntax-error",
                                    "datasource `" + d.name + "` has no provider",
                                    "Add provider = \"postgresql\" to the datasource block."));
  }
}

void read_settings(Generator& g) {
  for (const Property& p : g.properties) {
    if (p.name == "provider") g.provider = string_or_text(p.value, g.file);
    else if (p.name == "previewFeatures")
      for (const Expr& item : p.value.items)
        if (item.is(Expr::Kind::String)) g.preview_features.push_back(item.text);
  }
}

void parse_one(TSParser* parser, const SourcePtr& file, Schema& schema, std::vector<Finding>& findings) {
  schema.files.push_back(file);
  if (file->size() > kMaxSchemaBytes) {
    findings.push_back(make_finding(file, {0, 0}, "schema-syntax-error",
                                    "Prisma schema file is " + std::to_string(file->size()) +
                                        " bytes, more than the " + std::to_string(kMaxSchemaBytes) +
                                        " bytes schemagate reads",
                                    "Split the schema into several files in a schema folder."));
    return;
  }
  if (auto problem = check_text(file->text())) {
    findings.push_back(make_finding(file, {problem->offset, problem->offset + 1}, "schema-syntax-error",
                                    "Prisma schema file is not valid UTF-8 text: " + problem->what,
                                    "Save the file as UTF-8 without NUL bytes."));
  }
  Preprocessed pre = preprocess(file->text());
  for (Span s : pre.unterminated)
    findings.push_back(make_finding(file, s, "schema-syntax-error",
                                    "Prisma schema syntax error: this string or /* comment is never closed",
                                    "Close the string with \" on the same line, or the comment with */."));

  ts::Tree tree = ts::parse(parser, pre.text);
  Converter conv(file, 0, findings);
  if (!tree) {
    conv.error({0, static_cast<uint32_t>(std::min<size_t>(file->size(), 1))},
               "Prisma schema could not be parsed in the time allowed", "Simplify or split the schema file.");
    return;
  }
  TSNode root = ts_tree_root_node(tree.get());
  conv.report_syntax_errors(root, {0, static_cast<uint32_t>(file->size())});

  Schema part;
  conv.declarations(root, part);

  // Enum-level attributes were taken out before parsing; give each to the enum that encloses it.
  for (Span at : pre.enum_attributes) {
    Enum* owner = nullptr;
    for (Enum& e : part.enums)
      if (e.span.begin <= at.begin && at.end <= e.span.end) owner = &e;
    std::vector<Attribute> attrs;
    parse_enum_attribute(parser, file, at, attrs, findings);
    if (owner) {
      for (Attribute& a : attrs) owner->attributes.push_back(std::move(a));
    } else {
      conv.error(at, "Prisma schema syntax error: block attribute outside any enum body",
                 "Put @@map/@@schema inside the enum's braces.");
    }
  }
  attach_docs(pre, part, file);
  for (Datasource& d : part.datasources) read_settings(d, findings);
  for (Generator& g : part.generators) read_settings(g);

  auto move_all = [](auto& from, auto& to) {
    for (auto& x : from) to.push_back(std::move(x));
  };
  move_all(part.datasources, schema.datasources);
  move_all(part.generators, schema.generators);
  move_all(part.models, schema.models);
  move_all(part.views, schema.views);
  move_all(part.types, schema.types);
  move_all(part.enums, schema.enums);
}

}  // namespace

bool ParseResult::has_errors() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::Error; });
}

ParseResult parse_schema(const SourcePtr& file) { return parse_schema(std::vector<SourcePtr>{file}); }

ParseResult parse_schema(const std::vector<SourcePtr>& files) {
  ParseResult result;
  ts::Parser parser = ts::make_prisma_parser();
  if (!parser) {
    Finding f = make_finding(nullptr, {}, "schema-syntax-error",
                             "the Prisma grammar does not match the tree-sitter runtime (ABI mismatch)",
                             "Rebuild schemagate with the pinned npm packages (ci/fetch-npm-deps).");
    f.location = make_location(files.empty() ? std::string("schema.prisma") : files.front()->path());
    result.findings.push_back(std::move(f));
    return result;
  }
  for (const SourcePtr& file : files)
    if (file) parse_one(parser.get(), file, result.schema, result.findings);
  return result;
}

std::vector<std::filesystem::path> schema_files(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    out.push_back(path);
    return out;
  }
  auto options = std::filesystem::directory_options::skip_permission_denied;
  for (std::filesystem::recursive_directory_iterator it(path, options, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".prisma") out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ParseResult parse_schema_path(const std::filesystem::path& path, const std::filesystem::path& display_root) {
  std::vector<SourcePtr> files;
  ParseResult failed;
  for (const auto& p : schema_files(path)) {
    std::string shown = p.string();
    if (!display_root.empty()) {
      std::error_code ec;
      auto rel = std::filesystem::relative(p, display_root, ec);
      if (!ec && !rel.empty()) shown = rel.string();
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      Finding f = make_finding(nullptr, {}, "schema-read-error", "cannot read Prisma schema file " + shown,
                               "Check the path and its permissions.");
      f.location = make_location(shown);
      failed.findings.push_back(std::move(f));
      continue;
    }
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::streamoff>(in.tellg());
    in.seekg(0);
    if (size < 0 || static_cast<size_t>(size) > kMaxSchemaBytes) {
      // Refused from its size alone: a huge file is never read into memory.
      Finding f = make_finding(nullptr, {}, "schema-syntax-error",
                               "Prisma schema file " + shown + " is larger than the " +
                                   std::to_string(kMaxSchemaBytes) + " bytes schemagate reads",
                               "Split the schema into several files in a schema folder.");
      f.location = make_location(shown);
      failed.findings.push_back(std::move(f));
      continue;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string bytes = buf.str();
    files.push_back(std::make_shared<const SourceFile>(shown, std::move(bytes)));
  }
  if (files.empty() && failed.findings.empty()) {
    Finding f = make_finding(nullptr, {}, "schema-read-error", "no .prisma file found at " + path.string(),
                             "Point at schema.prisma or at the folder holding the schema files.");
    f.location = make_location(path.string());
    failed.findings.push_back(std::move(f));
  }
  ParseResult result = parse_schema(files);
  for (auto& f : failed.findings) result.findings.push_back(std::move(f));
  return result;
}

}  // namespace sg::prisma
