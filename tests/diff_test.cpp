// The catalog differ: what is missing, extra or changed, object by object, and the state probe used to find
// which migration shaped an object.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/diff/catalog_diff.hpp"

namespace {

using namespace sg;
using diff::Change;
using diff::ObjectKind;

catalog::Catalog base() {
  catalog::Catalog c;
  catalog::Table user;
  user.schema = "public";
  user.name = "User";
  user.columns = {{"id", "integer", false, "nextval('\"User_id_seq\"'::regclass)", "", ""},
                  {"email", "text", false, std::nullopt, "", ""}};
  user.primary_key = catalog::KeyConstraint{"User_pkey", {"id"}};
  user.indexes = {{"User_pkey", true, true, "btree", "CREATE UNIQUE INDEX \"User_pkey\" ON public.\"User\" USING btree (id)",
                   std::nullopt, {"id"}}};
  catalog::Table post;
  post.schema = "public";
  post.name = "Post";
  post.columns = {{"id", "integer", false, std::nullopt, "", ""}, {"authorId", "integer", false, std::nullopt, "", ""}};
  post.foreign_keys = {{"Post_authorId_fkey", {"authorId"}, "public", "User", {"id"}, "RESTRICT", "CASCADE", false, true}};
  c.tables = {post, user};
  c.enums = {{"public", "Role", {"USER", "ADMIN"}}};
  c.sequences = {{"public", "User_id_seq", "integer", std::string("User.id")}};
  return c;
}

const diff::Difference* find(const std::vector<diff::Difference>& ds, ObjectKind k, Change c, std::string_view name,
                             std::string_view aspect = {}) {
  auto it = std::find_if(ds.begin(), ds.end(), [&](const diff::Difference& d) {
    return d.kind == k && d.change == c && d.name == name && d.aspect == aspect;
  });
  return it == ds.end() ? nullptr : &*it;
}

TEST(CatalogDiff, EqualCatalogsHaveNoDifference) {
  EXPECT_TRUE(diff::diff_catalogs(base(), base()).empty());
}

TEST(CatalogDiff, ColumnsIndexesKeysAndEnums) {
  catalog::Catalog live = base();
  catalog::Table* user = live.table("public", "User");
  ASSERT_NE(user, nullptr);
  user->columns[1].type = "character varying(100)";
  user->columns[1].nullable = true;
  user->columns.push_back({"nickname", "text", true, std::nullopt, "", ""});
  user->indexes.push_back({"User_email_idx", false, false, "btree",
                           "CREATE INDEX \"User_email_idx\" ON public.\"User\" USING btree (email)", std::nullopt, {"email"}});
  user->primary_key->name = "User_pk";
  live.table("public", "Post")->foreign_keys[0].on_delete = "CASCADE";
  live.enums[0].values.push_back("GUEST");

  auto ds = diff::diff_catalogs(base(), live);
  const auto* type = find(ds, ObjectKind::Column, Change::Changed, "email", "type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->expected, "text");
  EXPECT_EQ(type->actual, "character varying(100)");
  EXPECT_EQ(type->object_path(), "public.User.email");
  EXPECT_NE(type->describe().find("character varying(100)"), std::string::npos);
  EXPECT_NE(find(ds, ObjectKind::Column, Change::Changed, "email", "nullable"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::Column, Change::Extra, "nickname"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::Index, Change::Extra, "User_email_idx"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::PrimaryKey, Change::Changed, "User_pkey", "name"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::ForeignKey, Change::Changed, "Post_authorId_fkey", "on delete"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::Enum, Change::Changed, "Role", "values"), nullptr);
  EXPECT_EQ(ds.size(), 7u);
}

TEST(CatalogDiff, MissingTableAndIgnoredBookkeeping) {
  catalog::Catalog live = base();
  live.tables.erase(live.tables.begin());  // Post
  catalog::Table bookkeeping;
  bookkeeping.schema = "public";
  bookkeeping.name = "_prisma_migrations";
  live.tables.push_back(bookkeeping);
  diff::DiffOptions opts;
  opts.ignored_tables = {{"public", "_prisma_migrations"}};
  auto ds = diff::diff_catalogs(base(), live, opts);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].kind, ObjectKind::Table);
  EXPECT_EQ(ds[0].change, Change::Missing);
  EXPECT_EQ(ds[0].object_path(), "public.Post");
  EXPECT_EQ(diff::diff_catalogs(base(), live).size(), 2u);  // without the option it is extra
}

TEST(CatalogDiff, FunctionsTriggersViewsByName) {
  catalog::Catalog e = base(), a = base();
  e.functions = {{"public", "touch", ""}};
  a.functions = {{"public", "touch", "integer"}};
  e.triggers = {{"public", "User", "user_touch"}};
  e.views = {{"public", "v", false, " SELECT 1;"}};
  a.views = {{"public", "v", false, " SELECT 2;"}};  // bodies are not compared, only names and kind
  auto ds = diff::diff_catalogs(e, a);
  EXPECT_NE(find(ds, ObjectKind::Function, Change::Missing, "touch()"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::Function, Change::Extra, "touch(integer)"), nullptr);
  EXPECT_NE(find(ds, ObjectKind::Trigger, Change::Missing, "user_touch"), nullptr);
  EXPECT_EQ(ds.size(), 3u);
}

TEST(CatalogDiff, StateOfFollowsTheObject) {
  catalog::Catalog live = base();
  live.table("public", "User")->columns[1].type = "citext";
  auto ds = diff::diff_catalogs(base(), live);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(diff::state_of(base(), ds[0]), "text");
  EXPECT_EQ(diff::state_of(live, ds[0]), "citext");
  EXPECT_EQ(diff::state_of(catalog::Catalog{}, ds[0]), std::nullopt);
}

}  // namespace
