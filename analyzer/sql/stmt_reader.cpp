// Statement nodes other than tables, ALTER TABLE, indexes and DROP (see ddl_reader.cpp).
#include "analyzer/sql/json_reader.hpp"

namespace sg::sql {
namespace {

// An object name in its many JSON shapes: List of String, String, TypeName, ObjectWithArgs.
std::vector<std::string> object_name_parts(ReadContext& ctx, od::value node) {
  std::vector<std::string> parts;
  read_node(node, [&](std::string_view name, od::value body) {
    if (name == "List") {
      for_each_field(body, [&](std::string_view, od::value items) { parts = read_string_list(items); });
    } else if (name == "String") {
      for_each_field(body, [&](std::string_view, od::value v) { parts.push_back(as_string(v)); });
    } else if (name == "TypeName") {
      parts = read_type_name(ctx, body).names;
    } else if (name == "ObjectWithArgs") {
      for_each_field(body, [&](std::string_view k, od::value v) {
        if (k == "objname") parts = read_string_list(v);
      });
    }
  });
  return parts;
}

// Text between the AS that follows `after` (at parenthesis depth 0) and the statement's end, without
// a trailing WITH [NO] DATA. Returns an empty span when there is no such AS.
Span query_after_as(ReadContext& ctx, uint32_t after, bool strip_with_data) {
  if (!ctx.tokens) return {};
  const auto& t = ctx.tokens->all();
  size_t as = ctx.tokens->find_at_depth0(after, kAs);
  if (as + 1 >= t.size()) return {};
  size_t end = as + 1;
  int depth = 0;
  for (; end < t.size() && !(t[end].kind == ';' && depth == 0); ++end) {
    if (t[end].kind == '(' || t[end].kind == '[') ++depth;
    else if (t[end].kind == ')' || t[end].kind == ']') --depth;
  }
  Span s = ctx.tokens->trim(t[as + 1].begin, end < t.size() ? t[end].begin : static_cast<uint32_t>(ctx.file.size()));
  if (strip_with_data) {
    // The last non-comment tokens: WITH [NO] DATA.
    std::vector<size_t> last;
    for (size_t i = ctx.tokens->first_at_or_after(s.begin); i < t.size() && t[i].begin < s.end; ++i)
      if (!t[i].is_comment()) last.push_back(i);
    size_t n = last.size();
    if (n >= 2 && t[last[n - 1]].kind == kData) {
      size_t with = t[last[n - 2]].kind == kNo && n >= 3 ? n - 3 : n - 2;
      if (t[last[with]].kind == kWith && with > 0) s.end = t[last[with - 1]].end;
    }
  }
  return s;
}

std::vector<SequenceOption> read_sequence_options(ReadContext& ctx, od::value array) {
  std::vector<SequenceOption> out;
  for_each_def_elem(ctx, array, [&](const std::string& name, std::vector<std::string> values) {
    out.push_back(SequenceOption{name, std::move(values)});
  });
  return out;
}

TransactionKind transaction_kind(std::string_view kind) {
  if (kind == "TRANS_STMT_BEGIN") return TransactionKind::Begin;
  if (kind == "TRANS_STMT_START") return TransactionKind::Start;
  if (kind == "TRANS_STMT_COMMIT") return TransactionKind::Commit;
  if (kind == "TRANS_STMT_ROLLBACK") return TransactionKind::Rollback;
  if (kind == "TRANS_STMT_SAVEPOINT") return TransactionKind::Savepoint;
  if (kind == "TRANS_STMT_RELEASE") return TransactionKind::Release;
  if (kind == "TRANS_STMT_ROLLBACK_TO") return TransactionKind::RollbackTo;
  if (kind == "TRANS_STMT_PREPARE") return TransactionKind::Prepare;
  if (kind == "TRANS_STMT_COMMIT_PREPARED") return TransactionKind::CommitPrepared;
  if (kind == "TRANS_STMT_ROLLBACK_PREPARED") return TransactionKind::RollbackPrepared;
  return TransactionKind::Other;
}

QualifiedName relation_field(ReadContext& ctx, od::value body, std::string_view field) {
  QualifiedName q;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == field) q = read_range_var(ctx, v);
  });
  return q;
}

CreateView read_view(ReadContext& ctx, od::value body) {
  CreateView v;
  for_each_field(body, [&](std::string_view k, od::value x) {
    if (k == "view") v.name = read_range_var(ctx, x);
    else if (k == "replace") v.replace = as_bool(x);
  });
  v.query_text = ctx.slice(query_after_as(ctx, v.name.span.end, false));
  return v;
}

StatementBody read_create_table_as(ReadContext& ctx, od::value body) {
  std::string objtype;
  QualifiedName name;
  bool skip_data = false, if_not_exists = false;
  char persistence = 'p';
  for_each_field(body, [&](std::string_view k, od::value x) {
    if (k == "objtype") {
      objtype = as_string(x);
    } else if (k == "if_not_exists") {
      if_not_exists = as_bool(x);
    } else if (k == "into") {
      for_each_field(x, [&](std::string_view ik, od::value iv) {
        if (ik == "rel") name = read_range_var(ctx, iv, nullptr, &persistence);
        else if (ik == "skipData") skip_data = as_bool(iv);
      });
    }
  });
  if (objtype == "OBJECT_MATVIEW") {
    CreateView v;
    v.name = name;
    v.materialized = true;
    v.with_no_data = skip_data;
    v.query_text = ctx.slice(query_after_as(ctx, name.span.end, true));
    return v;
  }
  CreateTable t;
  t.name = name;
  t.as_select = true;
  t.if_not_exists = if_not_exists;
  t.temporary = persistence == 't';
  t.unlogged = persistence == 'u';
  return t;
}

CreateFunction read_function(ReadContext& ctx, od::value body) {
  CreateFunction f;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "is_procedure") {
      f.is_procedure = as_bool(v);
    } else if (k == "replace") {
      f.replace = as_bool(v);
    } else if (k == "funcname") {
      f.name = name_from_parts(read_string_list(v));
    } else if (k == "parameters") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view, od::value p) {
          std::string type, mode = "FUNC_PARAM_IN";
          FunctionParam param;
          for_each_field(p, [&](std::string_view pk, od::value pv) {
            if (pk == "argType") {
              param.type = read_type_name(ctx, pv);
              type = render_type(param.type);
            } else if (pk == "mode") {
              mode = as_string(pv);
            } else if (pk == "name") {
              param.name = as_string(pv);
            }
          });
          // FUNC_PARAM_DEFAULT is a parameter written without a mode: IN.
          param.mode = mode == "FUNC_PARAM_DEFAULT" ? "IN" : strip_prefix(mode, "FUNC_PARAM_");
          // OUT and TABLE parameters are not part of the function's identity.
          if (mode != "FUNC_PARAM_OUT" && mode != "FUNC_PARAM_TABLE") f.arg_types.push_back(std::move(type));
          f.params.push_back(std::move(param));
        });
      });
    } else if (k == "options") {
      for_each_def_elem(ctx, v, [&](const std::string& name, std::vector<std::string> values) {
        if (name == "language" && !values.empty()) f.language = values.front();
      });
    }
  });
  return f;
}

CreateTrigger read_trigger(ReadContext& ctx, od::value body) {
  CreateTrigger t;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "replace") t.replace = as_bool(v);
    else if (k == "isconstraint") t.constraint = as_bool(v);
    else if (k == "trigname") t.name = as_string(v);
    else if (k == "relation") t.table = read_range_var(ctx, v);
    else if (k == "funcname") t.function = name_from_parts(read_string_list(v));
  });
  return t;
}

Rename read_rename(ReadContext& ctx, od::value body) {
  Rename r;
  bool has_target = false;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "renameType") {
      r.object_kind = strip_prefix(as_view(v), "OBJECT_");
    } else if (k == "relationType") {
      r.relation_kind = strip_prefix(as_view(v), "OBJECT_");
    } else if (k == "relation") {
      r.target = read_range_var(ctx, v);
      has_target = true;
    } else if (k == "object") {
      r.target = name_from_parts(object_name_parts(ctx, v));
      has_target = true;
    } else if (k == "subname") {
      r.subname = as_string(v);
    } else if (k == "newname") {
      r.new_name = as_string(v);
    } else if (k == "missing_ok") {
      r.if_exists = as_bool(v);
    }
  });
  // ALTER SCHEMA/DATABASE/ROLE ... RENAME: the object's old name is in subname.
  if (!has_target) r.target.name = r.subname;
  return r;
}

AlterObjectSchema read_alter_object_schema(ReadContext& ctx, od::value body) {
  AlterObjectSchema a;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "objectType") a.object_kind = strip_prefix(as_view(v), "OBJECT_");
    else if (k == "relation") a.target = read_range_var(ctx, v);
    else if (k == "object") a.target = name_from_parts(object_name_parts(ctx, v));
    else if (k == "newschema") a.new_schema = as_string(v);
    else if (k == "missing_ok") a.if_exists = as_bool(v);
  });
  return a;
}

Comment read_comment(ReadContext& ctx, od::value body) {
  Comment c;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "objtype") c.object_kind = strip_prefix(as_view(v), "OBJECT_");
    else if (k == "object") c.object = object_name_parts(ctx, v);
    else if (k == "comment") c.comment = as_string(v);
  });
  return c;
}

SetVariable read_set(ReadContext& ctx, od::value body) {
  SetVariable s;
  std::string kind;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "kind") {
      kind = as_string(v);
    } else if (k == "name") {
      s.name = as_string(v);
    } else if (k == "is_local") {
      s.is_local = as_bool(v);
    } else if (k == "args") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view node, od::value b) {
          if (node == "DefElem") {
            // SET TRANSACTION ...: options as name and value(s).
            OptionValues values;
            for_each_field(b, [&](std::string_view dk, od::value dv) {
              if (dk == "defname") s.values.push_back(as_string(dv));
              else if (dk == "arg") values = read_option_values(ctx, dv);
            });
            for (auto& x : values.values) s.values.push_back(std::move(x));
            return;
          }
          Expr e = read_expr_body(ctx, node, b);
          s.values.push_back(e.kind == ExprKind::Const ? e.value : ctx.slice(e.span));
        });
      });
    }
  });
  if (kind == "VAR_SET_DEFAULT") s.values = {"DEFAULT"};
  else if (kind == "VAR_SET_CURRENT") s.values = {"CURRENT"};
  else if (kind == "VAR_RESET" || kind == "VAR_RESET_ALL") s.reset = true;
  return s;
}

DoBlock read_do(ReadContext& ctx, od::value body) {
  DoBlock d;
  d.language = "plpgsql";
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k != "args") return;
    for_each_def_elem(ctx, v, [&](const std::string& name, std::vector<std::string> values) {
      if (values.empty()) return;
      if (name == "as") d.body = std::move(values.front());
      else if (name == "language") d.language = std::move(values.front());
    });
  });
  return d;
}

Insert read_insert(ReadContext& ctx, od::value body) {
  Insert ins;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "relation") {
      ins.table = read_range_var(ctx, v);
    } else if (k == "selectStmt") {
      // INSERT ... SELECT, unless the SelectStmt is a plain VALUES list.
      read_node(v, [&](std::string_view, od::value select) {
        bool values_only = false;
        for_each_field(select, [&](std::string_view sk, od::value) {
          if (sk == "valuesLists") values_only = true;
        });
        ins.has_select = !values_only;
      });
    }
  });
  return ins;
}

template <class T>
T read_update_or_delete(ReadContext& ctx, od::value body) {
  T out;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "relation") out.table = read_range_var(ctx, v);
    else if (k == "whereClause") out.has_where = true;
  });
  return out;
}

Truncate read_truncate(ReadContext& ctx, od::value body) {
  Truncate t;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "relations") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view, od::value b) { t.tables.push_back(read_range_var(ctx, b)); });
      });
    } else if (k == "behavior") {
      t.cascade = as_view(v) == "DROP_CASCADE";
    }
  });
  return t;
}

Vacuum read_vacuum(ReadContext& ctx, od::value body) {
  Vacuum vac;
  bool is_vacuum = false;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "options") {
      for_each_def_elem(ctx, v, [&](const std::string& name, std::vector<std::string> values) {
        if (name == "full") vac.full = values.empty() || values.front() != "false";
      });
    } else if (k == "rels") {
      for_each_element(v, [&](od::value item) {
        read_node(item, [&](std::string_view, od::value b) { vac.tables.push_back(relation_field(ctx, b, "relation")); });
      });
    } else if (k == "is_vacuumcmd") {
      is_vacuum = as_bool(v);
    }
  });
  vac.analyze_only = !is_vacuum;
  return vac;
}

Cluster read_cluster(ReadContext& ctx, od::value body) {
  Cluster c;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "relation") c.table = read_range_var(ctx, v);
    else if (k == "indexname") c.index = as_string(v);
  });
  return c;
}

Reindex read_reindex(ReadContext& ctx, od::value body) {
  Reindex r;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "kind") {
      r.object_kind = strip_prefix(as_view(v), "REINDEX_OBJECT_");
    } else if (k == "relation") {
      r.target = read_range_var(ctx, v);
    } else if (k == "name") {
      r.target.name = as_string(v);
    } else if (k == "params") {
      for_each_def_elem(ctx, v, [&](const std::string& name, std::vector<std::string> values) {
        if (name == "concurrently") r.concurrently = values.empty() || values.front() != "false";
      });
    }
  });
  return r;
}

RefreshMaterializedView read_refresh(ReadContext& ctx, od::value body) {
  RefreshMaterializedView r;
  for_each_field(body, [&](std::string_view k, od::value v) {
    if (k == "concurrent") r.concurrently = as_bool(v);
    else if (k == "skipData") r.with_no_data = as_bool(v);
    else if (k == "relation") r.name = read_range_var(ctx, v);
  });
  return r;
}

}  // namespace

StatementBody read_statement(ReadContext& ctx, std::string_view node, od::value body) {
  if (node == "CreateStmt") return read_create_table(ctx, body);
  if (node == "AlterTableStmt") return read_alter_table(ctx, body);
  if (node == "DropStmt") return read_drop(ctx, body);
  if (node == "IndexStmt") return read_create_index(ctx, body);
  if (node == "CreateEnumStmt") {
    CreateEnum e;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "typeName") e.name = name_from_parts(read_string_list(v));
      else if (k == "vals") e.values = read_string_list(v);
    });
    return e;
  }
  if (node == "AlterEnumStmt") {
    AlterEnum e;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "typeName") e.name = name_from_parts(read_string_list(v));
      else if (k == "oldVal") e.old_value = as_string(v);
      else if (k == "newVal") e.new_value = as_string(v);
      else if (k == "newValNeighbor") e.neighbor = as_string(v);
      else if (k == "newValIsAfter") e.after = as_bool(v);
      else if (k == "skipIfNewValExists") e.if_not_exists = as_bool(v);
    });
    return e;
  }
  if (node == "CreateExtensionStmt") {
    CreateExtension e;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "extname") {
        e.name = as_string(v);
      } else if (k == "if_not_exists") {
        e.if_not_exists = as_bool(v);
      } else if (k == "options") {
        for_each_def_elem(ctx, v, [&](const std::string& name, std::vector<std::string> values) {
          if (name == "schema" && !values.empty()) e.schema = values.front();
        });
      }
    });
    return e;
  }
  if (node == "CreateSchemaStmt") {
    CreateSchema s;
    std::string role;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "schemaname") {
        s.name = as_string(v);
      } else if (k == "if_not_exists") {
        s.if_not_exists = as_bool(v);
      } else if (k == "authrole") {
        for_each_field(v, [&](std::string_view rk, od::value r) {
          if (rk == "rolename") role = as_string(r);
        });
      }
    });
    if (s.name.empty()) s.name = role;  // CREATE SCHEMA AUTHORIZATION role names the schema after the role
    return s;
  }
  if (node == "CreateSeqStmt") {
    CreateSequence s;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "sequence") s.name = read_range_var(ctx, v);
      else if (k == "options") s.options = read_sequence_options(ctx, v);
      else if (k == "if_not_exists") s.if_not_exists = as_bool(v);
    });
    return s;
  }
  if (node == "AlterSeqStmt") {
    AlterSequence s;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "sequence") s.name = read_range_var(ctx, v);
      else if (k == "options") s.options = read_sequence_options(ctx, v);
      else if (k == "missing_ok") s.if_exists = as_bool(v);
    });
    return s;
  }
  if (node == "ViewStmt") return read_view(ctx, body);
  if (node == "CreateTableAsStmt") return read_create_table_as(ctx, body);
  if (node == "CreateFunctionStmt") return read_function(ctx, body);
  if (node == "CreateTrigStmt") return read_trigger(ctx, body);
  if (node == "RenameStmt") return read_rename(ctx, body);
  if (node == "AlterObjectSchemaStmt") return read_alter_object_schema(ctx, body);
  if (node == "CommentStmt") return read_comment(ctx, body);
  if (node == "TransactionStmt") {
    Transaction t;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "kind") t.kind = transaction_kind(as_view(v));
    });
    return t;
  }
  if (node == "VariableSetStmt") return read_set(ctx, body);
  if (node == "DoStmt") return read_do(ctx, body);
  if (node == "InsertStmt") return read_insert(ctx, body);
  if (node == "UpdateStmt") return read_update_or_delete<Update>(ctx, body);
  if (node == "DeleteStmt") return read_update_or_delete<Delete>(ctx, body);
  if (node == "TruncateStmt") return read_truncate(ctx, body);
  if (node == "VacuumStmt") return read_vacuum(ctx, body);
  if (node == "ClusterStmt") return read_cluster(ctx, body);
  if (node == "ReindexStmt") return read_reindex(ctx, body);
  if (node == "RefreshMatViewStmt") return read_refresh(ctx, body);
  if (node == "GrantStmt") {
    Grant g;
    g.is_grant = false;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "is_grant") g.is_grant = as_bool(v);
      else if (k == "objtype") g.object_kind = strip_prefix(as_view(v), "OBJECT_");
    });
    return g;
  }
  if (node == "CreatePolicyStmt") {
    CreatePolicy p;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "policy_name") p.name = as_string(v);
      else if (k == "table") p.table = read_range_var(ctx, v);
    });
    return p;
  }
  if (node == "CreatedbStmt") {
    CreateDatabase d;
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k == "dbname") d.name = as_string(v);
    });
    return d;
  }
  OtherStatement other{std::string(node)};
  if (node == "SelectStmt") {
    // Only the top level's INTO creates a table (a PL/pgSQL SELECT INTO is not parsed here).
    for_each_field(body, [&](std::string_view k, od::value v) {
      if (k != "intoClause") return;
      for_each_field(v, [&](std::string_view ik, od::value iv) {
        if (ik != "rel") return;
        char persistence = 'p';
        other.select_into = read_range_var(ctx, iv, nullptr, &persistence);
        other.select_into_temp = persistence == 't';
      });
    });
  }
  return other;
}

}  // namespace sg::sql
