// Tables, columns, constraints, ALTER TABLE, indexes and DROP from libpg_query's JSON.
#include <unordered_map>

#include "analyzer/sql/json_reader.hpp"

namespace sg::sql {
namespace {

ConstraintKind constraint_kind(std::string_view contype) {
  static const std::unordered_map<std::string_view, ConstraintKind> kinds = {
      {"CONSTR_NULL", ConstraintKind::Null},
      {"CONSTR_NOTNULL", ConstraintKind::NotNull},
      {"CONSTR_DEFAULT", ConstraintKind::Default},
      {"CONSTR_IDENTITY", ConstraintKind::Identity},
      {"CONSTR_GENERATED", ConstraintKind::Generated},
      {"CONSTR_CHECK", ConstraintKind::Check},
      {"CONSTR_PRIMARY", ConstraintKind::PrimaryKey},
      {"CONSTR_UNIQUE", ConstraintKind::Unique},
      {"CONSTR_EXCLUSION", ConstraintKind::Exclusion},
      {"CONSTR_FOREIGN", ConstraintKind::ForeignKey},
      {"CONSTR_ATTR_DEFERRABLE", ConstraintKind::AttrDeferrable},
      {"CONSTR_ATTR_NOT_DEFERRABLE", ConstraintKind::AttrNotDeferrable},
      {"CONSTR_ATTR_DEFERRED", ConstraintKind::AttrDeferred},
      {"CONSTR_ATTR_IMMEDIATE", ConstraintKind::AttrImmediate},
  };
  auto it = kinds.find(contype);
  return it == kinds.end() ? ConstraintKind::Other : it->second;
}

AlterKind alter_kind(std::string_view subtype, bool has_def) {
  static const std::unordered_map<std::string_view, AlterKind> kinds = {
      {"AT_AddColumn", AlterKind::AddColumn},
      {"AT_AddColumnRecurse", AlterKind::AddColumn},
      {"AT_AddColumnToView", AlterKind::AddColumn},
      {"AT_DropColumn", AlterKind::DropColumn},
      {"AT_DropColumnRecurse", AlterKind::DropColumn},
      {"AT_AlterColumnType", AlterKind::AlterColumnType},
      {"AT_SetNotNull", AlterKind::SetNotNull},
      {"AT_DropNotNull", AlterKind::DropNotNull},
      {"AT_AddConstraint", AlterKind::AddConstraint},
      {"AT_AddConstraintRecurse", AlterKind::AddConstraint},
      {"AT_AddIndexConstraint", AlterKind::AddConstraint},
      {"AT_DropConstraint", AlterKind::DropConstraint},
      {"AT_DropConstraintRecurse", AlterKind::DropConstraint},
      {"AT_ValidateConstraint", AlterKind::ValidateConstraint},
      {"AT_ValidateConstraintRecurse", AlterKind::ValidateConstraint},
      {"AT_AlterConstraint", AlterKind::AlterConstraint},
      {"AT_AddIdentity", AlterKind::AddIdentity},
      {"AT_SetIdentity", AlterKind::SetIdentity},
      {"AT_DropIdentity", AlterKind::DropIdentity},
      {"AT_DropExpression", AlterKind::DropExpression},
      {"AT_SetStatistics", AlterKind::SetStatistics},
      {"AT_SetStorage", AlterKind::SetStorage},
      {"AT_SetCompression", AlterKind::SetCompression},
      {"AT_ClusterOn", AlterKind::ClusterOn},
      {"AT_SetLogged", AlterKind::SetLogged},
      {"AT_SetUnLogged", AlterKind::SetUnlogged},
      {"AT_EnableTrig", AlterKind::EnableTrigger},
      {"AT_EnableAlwaysTrig", AlterKind::EnableTrigger},
      {"AT_EnableReplicaTrig", AlterKind::EnableTrigger},
      {"AT_EnableTrigAll", AlterKind::EnableTrigger},
      {"AT_EnableTrigUser", AlterKind::EnableTrigger},
      {"AT_DisableTrig", AlterKind::DisableTrigger},
      {"AT_DisableTrigAll", AlterKind::DisableTrigger},
      {"AT_DisableTrigUser", AlterKind::DisableTrigger},
      {"AT_EnableRowSecurity", AlterKind::EnableRowSecurity},
      {"AT_DisableRowSecurity", AlterKind::DisableRowSecurity},
      {"AT_ForceRowSecurity", AlterKind::ForceRowSecurity},
      {"AT_NoForceRowSecurity", AlterKind::NoForceRowSecurity},
      {"AT_ReplicaIdentity", AlterKind::ReplicaIdentity},
      {"AT_ChangeOwner", AlterKind::OwnerTo},
      {"AT_SetTableSpace", AlterKind::SetTablespace},
      {"AT_SetRelOptions", AlterKind::SetOptions},
      {"AT_SetOptions", AlterKind::SetOptions},
      {"AT_ResetRelOptions", AlterKind::ResetOptions},
      {"AT_ResetOptions", AlterKind::ResetOptions},
      {"AT_AttachPartition", AlterKind::AttachPartition},
      {"AT_DetachPartition", AlterKind::DetachPartition},
      {"AT_DetachPartitionFinalize", AlterKind::DetachPartition},
      {"AT_AddInherit", AlterKind::Inherit},
      {"AT_DropInherit", AlterKind::NoInherit},
  };
  // ALTER COLUMN ... SET DEFAULT and DROP DEFAULT share one subtype; DROP DEFAULT has no expression.
  if (subtype == "AT_ColumnDefault") return has_def ? AlterKind::SetDefault : AlterKind::DropDefault;
  auto it = kinds.find(subtype);
  return it == kinds.end() ? AlterKind::Other : it->second;
}

char first_char(od::value v, char fallback) {
  std::string_view s = as_view(v);
  return s.empty() ? fallback : s[0];
}

std::string strip_sort(std::string_view v, std::string_view prefix) {
  std::string s = strip_prefix(v, prefix);
  return s == "DEFAULT" ? std::string() : s;
}

IndexElem read_index_elem(ReadContext& ctx, od::value body) {
  IndexElem e;
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "name") {
      e.column = as_string(v);
    } else if (key == "expr") {
      e.expr = read_expr(ctx, v);
      e.span = e.expr->span;
    } else if (key == "collation") {
      auto parts = read_string_list(v);
      if (!parts.empty()) e.collation = parts.back();
    } else if (key == "opclass") {
      e.opclass = read_string_list(v);
    } else if (key == "ordering") {
      e.ordering = strip_sort(as_view(v), "SORTBY_");
    } else if (key == "nulls_ordering") {
      e.nulls_ordering = strip_sort(as_view(v), "SORTBY_NULLS_");
    }
  });
  return e;
}

std::vector<IndexElem> read_index_elems(ReadContext& ctx, od::value array) {
  std::vector<IndexElem> out;
  for_each_element(array, [&](od::value item) {
    read_node(item, [&](std::string_view name, od::value body) {
      if (name == "IndexElem") out.push_back(read_index_elem(ctx, body));
    });
  });
  return out;
}

// Index keys carry no location: find each plain column key among the tokens of the key list, in order.
void locate_index_columns(ReadContext& ctx, uint32_t search_from, std::vector<IndexElem>& keys) {
  if (!ctx.tokens) return;
  size_t open = ctx.tokens->find_at_depth0(search_from, '(');
  if (open >= ctx.tokens->all().size()) return;
  std::vector<Span> clauses = ctx.tokens->clauses(ctx.tokens->all()[open].end);
  if (clauses.size() != keys.size()) return;
  for (size_t i = 0; i < keys.size(); ++i)
    if (!keys[i].expr) keys[i].span = clauses[i];
}

// WITH (...) storage parameters as PostgreSQL stores them (transformRelOptions): "name=value", a bare name
// meaning true.
std::vector<std::string> read_reloptions(ReadContext& ctx, od::value array) {
  std::vector<std::string> out;
  for_each_def_elem(ctx, array, [&](const std::string& name, std::vector<std::string> values) {
    out.push_back(name + "=" + (values.empty() ? std::string("true") : values.front()));
  });
  return out;
}

// EXCLUDE's elements: each a List of {IndexElem, List of operator name parts}.
void read_exclusions(ReadContext& ctx, od::value array, Constraint& c) {
  for_each_element(array, [&](od::value item) {
    read_node(item, [&](std::string_view node, od::value body) {
      if (node != "List") return;
      for_each_field(body, [&](std::string_view k, od::value items) {
        if (k != "items") return;
        for_each_element(items, [&](od::value part) {
          read_node(part, [&](std::string_view pn, od::value pb) {
            if (pn == "IndexElem") {
              c.exclusion_keys.push_back(read_index_elem(ctx, pb));
            } else if (pn == "List") {
              for_each_field(pb, [&](std::string_view lk, od::value ops) {
                if (lk == "items") c.exclusion_ops.push_back(read_string_list(ops));
              });
            }
          });
        });
      });
    });
  });
}

}  // namespace

void apply_constraint_attributes(std::vector<Constraint>& constraints) {
  Constraint* last = nullptr;
  for (Constraint& c : constraints) {
    switch (c.kind) {
      case ConstraintKind::AttrDeferrable: if (last) last->deferrable = true; break;
      case ConstraintKind::AttrNotDeferrable: if (last) last->deferrable = false; break;
      case ConstraintKind::AttrDeferred:
        if (last) last->initially_deferred = last->deferrable = true;  // INITIALLY DEFERRED implies DEFERRABLE
        break;
      case ConstraintKind::AttrImmediate: if (last) last->initially_deferred = false; break;
      default: last = &c; break;
    }
  }
}

Constraint read_constraint(ReadContext& ctx, od::value body) {
  Constraint c;
  int64_t location = -1;
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "contype") {
      c.raw_kind = as_string(v);
      c.kind = constraint_kind(c.raw_kind);
    } else if (key == "conname") {
      c.name = as_string(v);
    } else if (key == "deferrable") {
      c.deferrable = as_bool(v);
    } else if (key == "initdeferred") {
      c.initially_deferred = as_bool(v);
    } else if (key == "location") {
      location = as_int(v);
    } else if (key == "is_no_inherit") {
      c.no_inherit = as_bool(v);
    } else if (key == "raw_expr") {
      c.expr = read_expr(ctx, v);
    } else if (key == "generated_when") {
      c.generated_when = first_char(v, 0);
    } else if (key == "nulls_not_distinct") {
      c.nulls_not_distinct = as_bool(v);
    } else if (key == "keys") {
      c.keys = read_string_list(v);
    } else if (key == "including") {
      c.including = read_string_list(v);
    } else if (key == "indexname") {
      c.index_name = as_string(v);
    } else if (key == "access_method") {
      c.access_method = as_string(v);
    } else if (key == "where_clause") {
      c.where = read_expr(ctx, v);
    } else if (key == "exclusions") {
      read_exclusions(ctx, v, c);
    } else if (key == "options") {
      c.options = read_reloptions(ctx, v);
    } else if (key == "pktable") {
      c.ref_table = read_range_var(ctx, v);
    } else if (key == "fk_attrs") {
      c.fk_columns = read_string_list(v);
    } else if (key == "pk_attrs") {
      c.ref_columns = read_string_list(v);
    } else if (key == "fk_matchtype") {
      c.match_type = first_char(v, 's');
    } else if (key == "fk_upd_action") {
      c.on_update = first_char(v, 'a');
    } else if (key == "fk_del_action") {
      c.on_delete = first_char(v, 'a');
    } else if (key == "skip_validation") {
      c.not_valid = as_bool(v);
    }
  });
  if (c.kind == ConstraintKind::Generated) c.generated_when = 's';
  uint32_t begin = ctx.at(location);
  c.span = Span{begin, ctx.tokens && location >= 0 ? ctx.tokens->clause_end(begin) : begin};
  return c;
}

namespace {
ColumnDef read_column_def_with_default(ReadContext& ctx, od::value body, std::optional<Expr>* raw_default) {
  ColumnDef col;
  int64_t location = -1;
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "colname") {
      col.name = as_string(v);
    } else if (key == "typeName") {
      col.type = read_type_name(ctx, v);
    } else if (key == "collClause") {
      for_each_field(v, [&](std::string_view k, od::value x) {
        if (k == "collname") {
          auto parts = read_string_list(x);
          if (!parts.empty()) col.collation = parts.back();
        }
      });
    } else if (key == "constraints") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view name, od::value b) {
          if (name == "Constraint") col.constraints.push_back(read_constraint(ctx, b));
        });
      });
    } else if (key == "raw_default" && raw_default) {
      *raw_default = read_expr(ctx, v);
    } else if (key == "location") {
      location = as_int(v);
    }
  });
  apply_constraint_attributes(col.constraints);
  uint32_t begin = ctx.at(location);
  col.span = Span{begin, ctx.tokens && location >= 0 ? ctx.tokens->clause_end(begin) : begin};
  return col;
}
}  // namespace

ColumnDef read_column_def(ReadContext& ctx, od::value body) {
  return read_column_def_with_default(ctx, body, nullptr);
}

CreateTable read_create_table(ReadContext& ctx, od::value body) {
  CreateTable t;
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "relation") {
      char persistence = 'p';
      t.name = read_range_var(ctx, v, nullptr, &persistence);
      t.temporary = persistence == 't';
      t.unlogged = persistence == 'u';
    } else if (key == "tableElts") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view name, od::value b) {
          if (name == "ColumnDef") {
            t.columns.push_back(read_column_def(ctx, b));
          } else if (name == "Constraint") {
            t.constraints.push_back(read_constraint(ctx, b));
          } else if (name == "TableLikeClause") {
            for_each_field(b, [&](std::string_view k, od::value x) {
              if (k == "relation") t.like.push_back(read_range_var(ctx, x));
            });
          }
        });
      });
    } else if (key == "inhRelations") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view, od::value b) { t.inherits.push_back(read_range_var(ctx, b)); });
      });
    } else if (key == "partbound") {
      t.is_partition = true;
    } else if (key == "partspec") {
      t.partitioned = true;
    } else if (key == "constraints") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view name, od::value b) {
          if (name == "Constraint") t.constraints.push_back(read_constraint(ctx, b));
        });
      });
    } else if (key == "if_not_exists") {
      t.if_not_exists = as_bool(v);
    }
  });
  return t;
}

AlterTable read_alter_table(ReadContext& ctx, od::value body) {
  AlterTable a;
  a.object_kind = "TABLE";
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "relation") {
      bool inh = true;
      a.name = read_range_var(ctx, v, &inh);
      a.only = !inh;
    } else if (key == "objtype") {
      a.object_kind = strip_prefix(as_view(v), "OBJECT_");
    } else if (key == "missing_ok") {
      a.if_exists = as_bool(v);
    } else if (key == "cmds") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view, od::value b) {
          AlterTableCmd cmd;
          bool has_def = false;
          for_each_field(b, [&](std::string_view k, od::value x) {
            if (k == "subtype") {
              cmd.raw_kind = as_string(x);
            } else if (k == "name") {
              cmd.name = as_string(x);
            } else if (k == "behavior") {
              cmd.cascade = as_view(x) == "DROP_CASCADE";
            } else if (k == "missing_ok") {
              cmd.missing_ok = as_bool(x);
            } else if (k == "newowner") {
              for_each_field(x, [&](std::string_view rk, od::value r) {
                if (rk == "rolename") cmd.name = as_string(r);
                else if (rk == "roletype" && cmd.name.empty()) cmd.name = strip_prefix(as_view(r), "ROLESPEC_");
              });
            } else if (k == "def") {
              has_def = true;
              read_node(x, [&](std::string_view name, od::value d) {
                if (name == "ColumnDef") {
                  std::optional<Expr> using_expr;
                  cmd.column = read_column_def_with_default(ctx, d, &using_expr);
                  if (using_expr) cmd.expr = std::move(using_expr);
                  cmd.collation = cmd.column->collation;
                } else if (name == "Constraint") {
                  cmd.constraint = read_constraint(ctx, d);
                } else if (name == "ReplicaIdentityStmt") {
                  for_each_field(d, [&](std::string_view rk, od::value r) {
                    if (rk == "identity_type") cmd.name = as_string(r);  // d, f, n or i
                    else if (rk == "name") cmd.name = as_string(r);      // USING INDEX name
                  });
                } else if (name == "PartitionCmd") {
                  for_each_field(d, [&](std::string_view pk, od::value p) {
                    if (pk == "name") cmd.name = read_range_var(ctx, p).name;
                  });
                } else if (name == "RangeVar") {
                  cmd.name = read_range_var(ctx, d).name;  // INHERIT / NO INHERIT parent
                } else if (name != "List" && name != "Integer" && name != "String") {
                  cmd.expr = read_expr_body(ctx, name, d);
                }
              });
            }
          });
          cmd.kind = alter_kind(cmd.raw_kind, has_def);
          a.commands.push_back(std::move(cmd));
        });
      });
    }
  });
  // Sub-commands carry no location: they are the comma-separated clauses after the relation name.
  if (ctx.tokens) {
    std::vector<Span> clauses = ctx.tokens->clauses(a.name.span.end);
    if (clauses.size() == a.commands.size())
      for (size_t i = 0; i < clauses.size(); ++i) a.commands[i].span = clauses[i];
  }
  return a;
}

CreateIndex read_create_index(ReadContext& ctx, od::value body) {
  CreateIndex ix;
  ix.method = "btree";
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "idxname") {
      ix.name = as_string(v);
    } else if (key == "relation") {
      bool inh = true;
      ix.table = read_range_var(ctx, v, &inh);
      ix.only = !inh;
    } else if (key == "accessMethod") {
      ix.method = as_string(v);
    } else if (key == "indexParams") {
      ix.keys = read_index_elems(ctx, v);
    } else if (key == "indexIncludingParams") {
      ix.including = read_index_elems(ctx, v);
    } else if (key == "whereClause") {
      ix.where = read_expr(ctx, v);
    } else if (key == "unique") {
      ix.unique = as_bool(v);
    } else if (key == "nulls_not_distinct") {
      ix.nulls_not_distinct = as_bool(v);
    } else if (key == "concurrent") {
      ix.concurrently = as_bool(v);
    } else if (key == "if_not_exists") {
      ix.if_not_exists = as_bool(v);
    } else if (key == "options") {
      ix.options = read_reloptions(ctx, v);
    }
  });
  locate_index_columns(ctx, ix.table.span.end, ix.keys);
  return ix;
}

DropObjects read_drop(ReadContext& ctx, od::value body) {
  DropObjects d;
  std::vector<std::vector<std::string>> list_names;
  for_each_field(body, [&](std::string_view key, od::value v) {
    if (key == "removeType") {
      d.object_kind = strip_prefix(as_view(v), "OBJECT_");
    } else if (key == "behavior") {
      d.cascade = as_view(v) == "DROP_CASCADE";
    } else if (key == "missing_ok") {
      d.if_exists = as_bool(v);
    } else if (key == "concurrent") {
      d.concurrently = as_bool(v);
    } else if (key == "objects") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view name, od::value b) {
          if (name == "List") {
            std::vector<std::string> parts;
            for_each_field(b, [&](std::string_view, od::value items) { parts = read_string_list(items); });
            list_names.push_back(std::move(parts));
          } else if (name == "String") {
            std::string s;
            for_each_field(b, [&](std::string_view, od::value x) { s = as_string(x); });
            d.names.push_back(name_from_parts({s}));
          } else if (name == "TypeName") {
            TypeName t = read_type_name(ctx, b);
            d.names.push_back(name_from_parts(t.names, t.span));
          } else if (name == "ObjectWithArgs") {
            std::vector<std::string> parts;
            std::string args;
            for_each_field(b, [&](std::string_view k, od::value x) {
              if (k == "objname") {
                parts = read_string_list(x);
              } else if (k == "objargs") {
                for_each_element(x, [&](od::value arg) {
                  read_node(arg, [&](std::string_view n, od::value tb) {
                    if (!args.empty()) args += ", ";
                    args += n == "TypeName" ? render_type(read_type_name(ctx, tb)) : std::string(n);
                  });
                });
              }
            });
            d.names.push_back(name_from_parts(parts));
            d.function_args.push_back(std::move(args));
          }
        });
      });
    }
  });
  // Dotted names; "objects" precedes "removeType" in the JSON, so the kind is only known now.
  const bool on_table = d.object_kind == "TRIGGER" || d.object_kind == "POLICY" || d.object_kind == "RULE";
  for (std::vector<std::string>& parts : list_names) {
    if (on_table && !parts.empty()) {
      QualifiedName object;
      object.name = parts.back();
      parts.pop_back();
      QualifiedName table = name_from_parts(parts);
      object.schema = table.schema;
      d.names.push_back(std::move(object));
      d.on_tables.push_back(std::move(table));
    } else {
      d.names.push_back(name_from_parts(parts));
    }
  }
  return d;
}

}  // namespace sg::sql
