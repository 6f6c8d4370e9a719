// `schemagate audit`: the data model (timeline, ranking, table activity through renames and drops), the
// Markdown through a real renderer, the HTML page self-contained and escaped, and a headless Chromium
// screenshot of it that must show content.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "analyzer/audit/audit.hpp"
#include "analyzer/replay/replay.hpp"
#include "integrations_support.hpp"
#include "reporters/audit_report.hpp"
#include "rules/lint.hpp"
#include "support/png_image.hpp"
#include "support/test_support.hpp"

namespace sg::test {
namespace {
namespace fs = std::filesystem;
using integrations::run_program;

// A project folder with prisma/migrations/<name>/migration.sql for each entry.
void write_history(const fs::path& project, const std::vector<std::pair<std::string, std::string>>& migrations) {
  fs::path root = project / "prisma/migrations";
  fs::create_directories(root);
  write_file(root / "migration_lock.toml", "provider = \"postgresql\"\n");
  for (const auto& [name, sql] : migrations) write_file(root / name / "migration.sql", sql);
}

// Four migrations: tables created (one lock on a brand-new table), a column type change that rewrites a
// table holding data, a rename, a drop. "Audit" is never touched again.
const std::vector<std::pair<std::string, std::string>> kShop = {
    {"20230101000000_init",
     "CREATE TABLE \"Customer\" (\"id\" SERIAL NOT NULL, \"email\" TEXT NOT NULL, CONSTRAINT \"Customer_pkey\" PRIMARY KEY (\"id\"));\n"
     "CREATE TABLE \"Order\" (\"id\" SERIAL NOT NULL, \"customerId\" INTEGER NOT NULL, \"total\" INTEGER, CONSTRAINT \"Order_pkey\" PRIMARY KEY (\"id\"));\n"
     "ALTER TABLE \"Order\" ADD CONSTRAINT \"Order_customerId_fkey\" FOREIGN KEY (\"customerId\") REFERENCES \"Customer\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n"
     "CREATE TABLE \"Tag\" (\"id\" SERIAL NOT NULL, \"label\" TEXT, CONSTRAINT \"Tag_pkey\" PRIMARY KEY (\"id\"));\n"
     "CREATE TABLE \"Audit\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"Audit_pkey\" PRIMARY KEY (\"id\"));\n"},
    {"20230201093000_widen_total",
     "ALTER TABLE \"Order\" ALTER COLUMN \"total\" SET DATA TYPE BIGINT;\n"
     "CREATE INDEX \"Order_customerId_idx\" ON \"Order\"(\"customerId\");\n"},
    {"20230301000000_rename_tag",
     "ALTER TABLE \"Tag\" RENAME TO \"Label\";\n"
     "ALTER TABLE \"Label\" ADD COLUMN \"color\" TEXT;\n"},
    {"20230401000000_drop_label", "DROP TABLE \"Label\";\n"},
};

audit::Audit audit_of(const fs::path& project) {
  MigrationHistory h = load_history(project / "prisma/migrations");
  parse_history(h);
  rules::LintOptions opts;
  opts.enabled = rules::default_enabled_rules();
  rules::LintResult lint = rules::lint_history(h, opts);
  return audit::build_audit(h, std::move(lint.findings), opts.pg_version);
}

const audit::TableActivity* activity(const audit::Audit& a, const std::string& name) {
  for (const auto& t : a.tables)
    if (t.name.second == name) return &t;
  return nullptr;
}

TEST(AuditModel, MigrationDatesComeFromTheFolderTimestamp) {
  EXPECT_EQ(audit::migration_date("20240106120000_init"), "2024-01-06 12:00");
  EXPECT_EQ(audit::migration_date("20231231235959"), "2023-12-31 23:59");
  EXPECT_EQ(audit::migration_date("20241306120000_bad_month"), std::nullopt);
  EXPECT_EQ(audit::migration_date("2024010612000_short"), std::nullopt);
  EXPECT_EQ(audit::migration_date("init"), std::nullopt);
  EXPECT_EQ(audit::migration_date("202401061200001_more_digits"), std::nullopt);
}

TEST(AuditModel, TimelineRankingAndTableActivity) {
  TempDir tmp;
  write_history(tmp.path(), kShop);
  audit::Audit a = audit_of(tmp.path());

  ASSERT_EQ(a.migrations.size(), 4u);
  EXPECT_EQ(a.migrations[1].name, "20230201093000_widen_total");
  EXPECT_EQ(a.migrations[1].date, "2023-02-01 09:30");
  EXPECT_EQ(a.statement_count, 10u);
  // The foreign key in init locks tables created in the same migration: empty and invisible, no risk.
  EXPECT_EQ(a.migrations[0].lock.mode, effects::LockMode::None);
  // The type change rewrites "Order", which held data before the migration.
  EXPECT_EQ(a.migrations[1].lock.mode, effects::LockMode::AccessExclusive);
  EXPECT_TRUE(a.migrations[1].lock.rewrite);
  EXPECT_EQ(a.migrations[1].lock.table, "\"Order\"");
  EXPECT_EQ(audit::risk_of(a.migrations[1].severity, a.migrations[1].lock), audit::Risk::High);
  EXPECT_EQ(a.migrations[1].tables, std::vector<std::string>{"\"Order\""});

  // Most dangerous first. The DROP TABLE (an error) and the rewrite of "Order" (data held before the migration)
  // are both high risk; the ranking is by risk, then severity, then lock.
  ASSERT_FALSE(a.statements.empty());
  EXPECT_EQ(audit::risk_of(a.statements.front().severity, a.statements.front().lock), audit::Risk::High);
  EXPECT_EQ(a.statements.front().severity, Severity::Error);
  auto widen = std::find_if(a.statements.begin(), a.statements.end(), [&](const audit::StatementRisk& s) {
    return a.migrations[s.migration].name == "20230201093000_widen_total" && s.location.range.start.line == 1;
  });
  ASSERT_NE(widen, a.statements.end());
  EXPECT_EQ(widen->lock.mode, effects::LockMode::AccessExclusive);
  EXPECT_TRUE(widen->lock.rewrite);
  EXPECT_EQ(audit::risk_of(widen->severity, widen->lock), audit::Risk::High);
  EXPECT_NE(report::audit_text::statement_excerpt(widen->location, 200).find("ALTER TABLE \"Order\" ALTER COLUMN"),
            std::string::npos);
  for (size_t i = 1; i < a.statements.size(); ++i) {
    const auto& p = a.statements[i - 1];
    const auto& s = a.statements[i];
    audit::Risk pr = audit::risk_of(p.severity, p.lock), sr = audit::risk_of(s.severity, s.lock);
    int ps = p.severity ? static_cast<int>(*p.severity) : -1, ss = s.severity ? static_cast<int>(*s.severity) : -1;
    EXPECT_TRUE(pr > sr || (pr == sr && (ps > ss || (ps == ss && !audit::heavier(s.lock, p.lock)))))
        << "statement " << i << " is ranked too low";
  }
  // init's statements lock only tables it creates itself: a finding may list them, a lock may not.
  for (const auto& s : a.statements)
    if (s.migration == 0) EXPECT_EQ(s.lock.mode, effects::LockMode::None) << report::audit_text::where(s.location);

  // "Tag" became "Label" and was dropped: one table through the rename, with all four statements.
  const audit::TableActivity* label = activity(a, "Label");
  ASSERT_NE(label, nullptr);
  EXPECT_EQ(activity(a, "Tag"), nullptr) << "the rename must not split the table in two";
  EXPECT_EQ(label->statements, 4u);
  EXPECT_EQ(label->migrations, 3u);
  EXPECT_EQ(label->first_migration, "20230101000000_init");
  EXPECT_EQ(label->last_migration, "20230401000000_drop_label");
  EXPECT_FALSE(label->exists_at_end);
  ASSERT_EQ(label->former_names.size(), 1u);
  EXPECT_EQ(label->former_names[0].second, "Tag");
  EXPECT_EQ(report::audit_text::table_status(*label), "dropped");

  const audit::TableActivity* order = activity(a, "Order");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->statements, 4u);  // CREATE, ADD FOREIGN KEY, ALTER TYPE, CREATE INDEX
  EXPECT_EQ(order->migrations, 2u);
  EXPECT_TRUE(order->exists_at_end);
  ASSERT_GE(a.tables.size(), 4u);
  EXPECT_EQ(a.tables[0].name.second, "Label");  // 4 statements in 3 migrations
  EXPECT_EQ(a.tables[1].name.second, "Order");  // 4 statements in 2 migrations
  EXPECT_EQ(activity(a, "Customer")->statements, 1u) << "a referenced table is not changed by the foreign key";

  EXPECT_EQ(a.final_catalog.tables.size(), 3u);  // Audit, Customer, Order
}

TEST(AuditModel, TablesTouchedFollowLaterRenamesAndSkipDroppedTables) {
  TempDir tmp;
  write_history(tmp.path(), kShop);
  MigrationHistory h = load_history(tmp.path() / "prisma/migrations");
  parse_history(h);
  using Keys = std::vector<catalog::TableKey>;
  EXPECT_EQ(audit::tables_touched(h, {"20230201093000_widen_total"}), (Keys{{"public", "Order"}}));
  EXPECT_EQ(audit::tables_touched(h, {"20230101000000_init"}),
            (Keys{{"public", "Audit"}, {"public", "Customer"}, {"public", "Order"}}))
      << "Tag was renamed, then dropped";
  EXPECT_TRUE(audit::tables_touched(h, {"20230401000000_drop_label"}).empty());

  catalog::Catalog final_catalog = replay::replay_history(h).catalog;
  std::string diagram = catalog::to_mermaid(final_catalog, {{"public", "Order"}});
  EXPECT_NE(diagram.find("    Order {"), std::string::npos) << diagram;
  EXPECT_NE(diagram.find("    Customer {"), std::string::npos) << "the referenced table is a neighbour\n" << diagram;
  EXPECT_EQ(diagram.find("Audit"), std::string::npos) << "an unrelated table stays out\n" << diagram;
  EXPECT_NE(diagram.find("Customer ||--o{ Order : \"Order_customerId_fkey\""), std::string::npos) << diagram;
  // From the other side: "Customer" brings in "Order", which references it.
  EXPECT_NE(catalog::to_mermaid(final_catalog, {{"public", "Customer"}}).find("    Order {"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------------
// The command and its two formats

std::vector<std::string> section_headings(const std::string& html, const std::string& tag) {
  std::vector<std::string> out;
  for (size_t pos = 0; (pos = html.find("<" + tag + ">", pos)) != std::string::npos;) {
    size_t start = pos + tag.size() + 2;
    size_t end = html.find("</" + tag + ">", start);
    out.push_back(html.substr(start, end - start));
    pos = end;
  }
  return out;
}

TEST(AuditCommand, MarkdownRendersEverySectionOnTheDemo) {
  fs::path demo = fixtures_dir() / "demo";
  RunResult md = run_cli({"audit"}, demo);
  ASSERT_EQ(md.exit_code, 0) << md.err;
  std::string renderer;
  std::string html = integrations::render_markdown_html(md.out, &renderer);
  if (renderer != "cmark-gfm")
    GTEST_SKIP() << "*** cmark-gfm is not installed (Debian package cmark-gfm): the audit Markdown was not rendered ***";
  EXPECT_EQ(section_headings(html, "h2"),
            (std::vector<std::string>{"Timeline", "Most dangerous statements", "Tables by number of changes", "Final schema"}))
      << html;
  // Three tables (timeline, statements, tables), each a real <table> with one row per item.
  size_t tables = 0;
  for (size_t pos = 0; (pos = html.find("<table>", pos)) != std::string::npos; ++pos) ++tables;
  EXPECT_EQ(tables, 3u) << html;
  std::string text = integrations::visible_text(html);
  for (const std::string& m : integrations::demo_migrations()) {
    EXPECT_NE(text.find(m), std::string::npos) << m;
    EXPECT_NE(text.find(*audit::migration_date(m)), std::string::npos) << m;
  }
  EXPECT_NE(html.find("<code class=\"language-mermaid\">erDiagram"), std::string::npos) << html;
  for (const char* table : {"User {", "Post {", "Comment {"}) EXPECT_NE(text.find(table), std::string::npos) << table;
  EXPECT_EQ(text.find("AuditLog {"), std::string::npos) << "AuditLog was dropped: not in the final schema";
  EXPECT_NE(text.find("\"AuditLog\""), std::string::npos) << "but it is among the changed tables";
  EXPECT_NE(text.find("dropped"), std::string::npos);
  // The migration that drops a column of "Post" (holding data) is high risk and names its lock.
  EXPECT_NE(text.find("ACCESS EXCLUSIVE on \"Post\""), std::string::npos) << text;
}

TEST(AuditCommand, HtmlIsOneFileWithNoExternalAssets) {
  fs::path demo = fixtures_dir() / "demo";
  TempDir tmp;
  fs::path page = tmp.path() / "audit.html";
  RunResult r = run_cli({"audit", "--format", "html", "--output", page.string()}, demo);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "--output writes the file, not stdout";
  std::string html = read_file(page);
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  for (const char* external : {"<script", "<link", " src=", "url(", "@import", "<iframe", "<object"})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  // Any address is a link a reader may follow (rule documentation), never something the page loads.
  for (size_t pos = 0; (pos = html.find("http", pos)) != std::string::npos; ++pos)
    EXPECT_EQ(html.substr(pos - 6, 6), "href=\"") << html.substr(pos - 20, 60);
  EXPECT_NE(html.find("<pre class=\"mermaid\">erDiagram"), std::string::npos);
  for (const std::string& m : integrations::demo_migrations()) EXPECT_NE(html.find(m), std::string::npos) << m;
  // The final schema is drawn without JavaScript: one entity box per table.
  for (const char* table : {"&quot;User&quot;", "&quot;Post&quot;", "&quot;Comment&quot;"})
    EXPECT_NE(html.find("<div class=\"entity\"><h3>" + std::string(table) + "</h3>"), std::string::npos) << table;
  EXPECT_EQ(std::count(html.begin(), html.end(), '<') - std::count(html.begin(), html.end(), '>'), 0)
      << "a stray < or > means something was not escaped";
}

TEST(AuditCommand, UsageErrors) {
  TempDir tmp;
  RunResult missing = run_cli({"audit", "--migrations", (tmp.path() / "nope").string()});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  RunResult format = run_cli({"audit", "--format", "pdf"}, fixtures_dir() / "demo");
  EXPECT_EQ(format.exit_code, 2);
  RunResult fail = run_cli({"audit", "--fail-on", "error", "--output", (tmp.path() / "a.md").string()},
                           fixtures_dir() / "demo");
  EXPECT_EQ(fail.exit_code, 1) << "the demo has errors";
}

// Identifiers, a folder name, a constraint name and string literals that are markup, Markdown or a Mermaid
// fence: every report shows them as text.
const std::vector<std::pair<std::string, std::string>> kHostile = {
    {"20230101000000_<b>folder&",
     "CREATE TABLE \"<script>alert(1)</script>\" (\"id\" SERIAL NOT NULL, \"</pre><img src=x onerror=alert(2)>\" TEXT, "
     "CONSTRAINT \"pk\" PRIMARY KEY (\"id\"));\n"
     "CREATE TABLE \"b|`x`|\" (\"id\" INTEGER NOT NULL, \"ref\" INTEGER, CONSTRAINT \"b_pk\" PRIMARY KEY (\"id\"));\n"
     "ALTER TABLE \"b|`x`|\" ADD CONSTRAINT \"fk\"\"\n```\n<b>bold</b>\" FOREIGN KEY (\"ref\") REFERENCES "
     "\"<script>alert(1)</script>\"(\"id\");\n"},
    {"20230201000000_data",
     "INSERT INTO \"<script>alert(1)</script>\" (\"id\") VALUES (1), (2);\n"
     "UPDATE \"b|`x`|\" SET \"ref\" = 1 WHERE \"id\" = 0 AND '</pre><script>alert(3)</script>' <> '';\n"
     "ALTER TABLE \"b|`x`|\" ALTER COLUMN \"ref\" SET NOT NULL;\n"},
};

TEST(AuditCommand, HostileNamesAreEscapedInHtml) {
  TempDir tmp;
  write_history(tmp.path(), kHostile);
  RunResult r = run_cli({"audit", "--format", "html", "--no-schema"}, tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& html = r.out;
  for (const char* markup : {"<script", "<img", "<b>", "<i>"})
    EXPECT_EQ(html.find(markup), std::string::npos) << markup << " got through";
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << "the table name is shown";
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos) << "and the column";
  EXPECT_NE(html.find("20230101000000_&lt;b&gt;folder&amp;"), std::string::npos) << "and the folder";
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(3)"), std::string::npos) << "and the statement excerpt";
  // Every <pre> opened is closed exactly once: nothing ended one early.
  size_t opened = 0, closed = 0;
  for (size_t p = 0; (p = html.find("<pre", p)) != std::string::npos; ++p) ++opened;
  for (size_t p = 0; (p = html.find("</pre>", p)) != std::string::npos; ++p) ++closed;
  EXPECT_EQ(opened, closed);
  EXPECT_GT(opened, 1u);
}

TEST(AuditCommand, HostileNamesAreEscapedInMarkdown) {
  TempDir tmp;
  write_history(tmp.path(), kHostile);
  RunResult r = run_cli({"audit", "--no-schema"}, tmp.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string renderer;
  std::string html = integrations::render_markdown_html(r.out, &renderer);
  if (renderer != "cmark-gfm")
    GTEST_SKIP() << "*** cmark-gfm is not installed (Debian package cmark-gfm): the audit Markdown was not rendered ***";
  for (const char* markup : {"<script", "<img", "<b>", "<i>"})
    EXPECT_EQ(html.find(markup), std::string::npos) << markup << " got through\n" << html;
  // The constraint name with a newline and a fence did not end the diagram: one code block, then the footer.
  size_t block = html.find("<code class=\"language-mermaid\">");
  ASSERT_NE(block, std::string::npos) << html;
  EXPECT_EQ(html.find("<code class=\"language-mermaid\">", block + 1), std::string::npos);
  size_t block_end = html.find("</code></pre>", block);
  std::string diagram = html.substr(block, block_end - block);
  EXPECT_NE(diagram.find(": &quot;fk_"), std::string::npos) << diagram;
  EXPECT_NE(html.find("<p><em>schemagate", block_end), std::string::npos) << html.substr(block_end);
  // Table cells: a `|` in a name stays inside its cell, so every row of the tables-by-changes table has 6 cells.
  std::string text = integrations::visible_text(html);
  EXPECT_NE(text.find("\"b|`x`|\""), std::string::npos) << text;
  size_t changes = html.find("<h2>Tables by number of changes</h2>");
  ASSERT_NE(changes, std::string::npos);
  std::string table = html.substr(changes, html.find("</table>", changes) - changes);
  for (size_t row = table.find("<tr>"); row != std::string::npos; row = table.find("<tr>", row + 1)) {
    std::string tr = table.substr(row, table.find("</tr>", row) - row);
    size_t cells = 0;
    for (size_t p = 0; (p = tr.find("<t", p + 1)) != std::string::npos;) cells += tr.compare(p, 3, "<th") == 0 || tr.compare(p, 3, "<td") == 0;
    EXPECT_EQ(cells, 6u) << tr;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Headless Chromium

TEST(AuditCommand, HtmlPageShowsContentInHeadlessChromium) {
  if (!integrations::on_path("chromium"))
    GTEST_SKIP() << "*** chromium is not installed (Debian package chromium, see ci/setup): the audit page was not "
                    "screenshotted ***";
  fs::path demo = fixtures_dir() / "demo";
  TempDir tmp;
  fs::path page = tmp.path() / "audit.html";
  RunResult r = run_cli({"audit", "--format", "html", "--output", page.string()}, demo);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  fs::path png = tmp.path() / "audit.png";
  std::vector<std::string> argv{"timeout", "120", "chromium", "--headless", "--disable-gpu", "--hide-scrollbars",
                                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + (tmp.path() / "profile").string(),
                                "--window-size=1280,2000", "--screenshot=" + png.string(), "file://" + page.string()};
  if (geteuid() == 0) argv.insert(argv.begin() + 3, "--no-sandbox");  // Chromium refuses root without it
  RunResult shot = run_program(argv, tmp.path(), {"HOME=" + tmp.path().string()});
  ASSERT_TRUE(fs::exists(png)) << "exit " << shot.exit_code << "\n" << shot.err;
  if (const char* keep = std::getenv("SCHEMAGATE_KEEP_SCREENSHOT")) fs::copy_file(png, keep, fs::copy_options::overwrite_existing);

  PngImage image;
  std::string error;
  ASSERT_TRUE(read_png(png, image, error)) << error;
  EXPECT_EQ(image.width, 1280u);
  EXPECT_EQ(image.height, 2000u);
  // Content: dark text, the red of high-risk badges (the demo drops a column and a table), the blue entity
  // headers of the schema, and enough of the page not white.
  size_t not_white = 0, dark = 0, red = 0;
  std::map<uint32_t, size_t> colours;
  auto near = [](const uint8_t* p, int r, int g, int b) {
    return std::abs(p[0] - r) < 24 && std::abs(p[1] - g) < 24 && std::abs(p[2] - b) < 24;
  };
  for (uint32_t y = 0; y < image.height; ++y)
    for (uint32_t x = 0; x < image.width; ++x) {
      const uint8_t* p = image.pixel(x, y);
      if (p[0] < 245 || p[1] < 245 || p[2] < 245) ++not_white;
      if (p[0] < 80 && p[1] < 80 && p[2] < 80) ++dark;
      if (near(p, 0xc6, 0x28, 0x28)) ++red;
      ++colours[(uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2]];
    }
  size_t total = size_t{image.width} * image.height;
  EXPECT_GT(not_white, total / 33) << "less than 3% of the page is not white (the demo page has about 8%)";
  EXPECT_GT(dark, 2000u) << "hardly any text";
  EXPECT_GT(red, 200u) << "no high-risk badge";
  EXPECT_GT(colours.size(), 50u) << "too few colours for a page with text and badges";
}

}  // namespace
}  // namespace sg::test
