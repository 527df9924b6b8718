import { describe, expect, it } from "vitest";
import { type CompareOptions, compareSchemas } from "../../src/autogenerate/compare.js";
import { describeOperation } from "../../src/autogenerate/describe.js";
import { nameFilter } from "../../src/autogenerate/name-filter.js";
import type { SchemaModel } from "../../src/autogenerate/schema-model.js";
import { allDialects, getDialect } from "../../src/dialects/index.js";
import {
  PLAIN_INDEX_PART,
  type ReflectedColumn,
  type ReflectedIndex,
  type ReflectedIndexPart,
  type ReflectedSchema,
  type ReflectedTable,
} from "../../src/dialects/introspector.js";
import { normalizeDefault, normalizeExpression } from "../../src/dialects/normalizer.js";
import { column, parseNativeType, sql, type TableOptions, table } from "../../src/schema/index.js";
import type { DialectName } from "../support/databases.js";

// getDialect reads loaded dialects only; these tests use them without connecting first.
await allDialects();

function reflectedColumn(name: string, type: string, extra: Partial<ReflectedColumn> = {}): ReflectedColumn {
  return {
    name,
    type: parseNativeType(type),
    nullable: true,
    default: undefined,
    autoincrement: undefined,
    generated: undefined,
    comment: undefined,
    onUpdate: undefined,
    ...extra,
  };
}

function reflectedTable(
  name: string,
  columns: ReflectedColumn[],
  extra: Partial<ReflectedTable> = {},
): ReflectedTable {
  return {
    schema: undefined,
    name,
    columns,
    primaryKey: undefined,
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
    comment: undefined,
    ...extra,
  };
}

function options(dialect: DialectName, extra: Partial<CompareOptions> = {}): CompareOptions {
  return {
    dialect: getDialect(dialect),
    include: nameFilter({ include: [], exclude: [], versionTable: "retort_version" }),
    ...extra,
  };
}

async function differences(
  dialect: DialectName,
  target: SchemaModel,
  database: Omit<ReflectedSchema, "dialect" | "schemas"> & { schemas?: string[] },
  extra: Partial<CompareOptions> = {},
) {
  const result = await compareSchemas(target, { dialect, schemas: [], ...database }, options(dialect, extra));
  return { ...result, lines: result.operations.map(describeOperation) };
}

describe("type comparison", () => {
  it("treats int4, integer and int(11) as the same type", async () => {
    const target = { tables: [table("t", { n: column.integer() })], enums: [] };
    for (const [dialect, spelled] of [
      ["postgres", "int4"],
      ["postgres", "integer"],
      ["mysql", "int(11)"],
      ["sqlite", "INTEGER"],
    ] as const) {
      const result = await differences(dialect, target, {
        tables: [reflectedTable("t", [reflectedColumn("n", spelled)])],
        enums: [],
      });
      expect(result.lines, `${dialect} ${spelled}`).toEqual([]);
    }
  });

  it("detects a changed length, precision or type family", async () => {
    const target = {
      tables: [table("t", { a: column.varchar(80), b: column.numeric(12, 2), c: column.bigint() })],
      enums: [],
    };
    const result = await differences("postgres", target, {
      tables: [
        reflectedTable("t", [
          reflectedColumn("a", "character varying(50)"),
          reflectedColumn("b", "numeric(10,2)"),
          reflectedColumn("c", "integer"),
        ]),
      ],
      enums: [],
    });
    expect(result.lines).toEqual([
      "alter column t.a: type varchar(50) -> varchar(80)",
      "alter column t.b: type numeric(10,2) -> numeric(12,2)",
      "alter column t.c: type integer -> bigint",
    ]);
  });
});

describe("server defaults", () => {
  it("normalizes casts, quotes, parentheses and current-timestamp spellings", () => {
    expect(normalizeDefault("'active'::character varying")).toBe(normalizeDefault("'active'"));
    expect(normalizeDefault("(0)::numeric")).toBe("0");
    expect(normalizeDefault("0.00")).toBe("0");
    expect(normalizeDefault("now()")).toBe(normalizeDefault("CURRENT_TIMESTAMP"));
    expect(normalizeDefault("current_timestamp()")).toBe("current_timestamp");
    expect(normalizeDefault("NULL")).toBeUndefined();
    expect(normalizeExpression('("price" > (0)::numeric)')).toBe("price>0");
  });

  it("alters a literal default that changed and reports differing expressions instead of guessing", async () => {
    const target = {
      tables: [
        table("t", {
          status: column.varchar(10).default("closed"),
          made: column.timestamp().default(sql`now()`),
          token: column.text().default(sql`gen_random_uuid()`),
        }),
      ],
      enums: [],
    };
    const result = await differences("postgres", target, {
      tables: [
        reflectedTable("t", [
          reflectedColumn("status", "character varying(10)", { default: "'active'" }),
          reflectedColumn("made", "timestamp without time zone", { default: "CURRENT_TIMESTAMP" }),
          reflectedColumn("token", "text", { default: "md5(random()::text)" }),
        ]),
      ],
      enums: [],
    });
    expect(result.lines).toEqual(["alter column t.status: new default"]);
    expect(result.warnings).toEqual([expect.stringContaining("t.token: server default md5(random()::text)")]);
  });
});

describe("order of operations", () => {
  it("creates referenced tables first and drops foreign keys before the tables they point to", async () => {
    const target = {
      tables: [
        table("child", {
          id: column.integer().primaryKey(),
          parent_id: column.integer().references("parent", "id"),
        }),
        table("parent", { id: column.integer().primaryKey() }),
      ],
      enums: [],
    };
    const oldParent = reflectedTable("old_parent", [reflectedColumn("id", "integer", { nullable: false })], {
      primaryKey: { name: "old_parent_pkey", columns: ["id"] },
    });
    const oldChild = reflectedTable(
      "old_child",
      [reflectedColumn("id", "integer"), reflectedColumn("p", "integer")],
      {
        foreignKeys: [
          {
            name: "fk_old",
            columns: ["p"],
            referredSchema: undefined,
            referredTable: "old_parent",
            referredColumns: ["id"],
            onDelete: "no action",
            onUpdate: "no action",
            deferrable: false,
            initiallyDeferred: false,
          },
        ],
      },
    );
    const result = await differences("postgres", target, { tables: [oldChild, oldParent], enums: [] });
    expect(result.lines).toEqual([
      "add table parent",
      "add table child",
      "remove table old_child",
      "remove table old_parent",
    ]);
  });

  it("breaks a foreign-key cycle between new tables with a separate createForeignKey", async () => {
    const target = {
      tables: [
        table("a", { id: column.integer().primaryKey(), b_id: column.integer().references("b", "id") }),
        table("b", { id: column.integer().primaryKey(), a_id: column.integer().references("a", "id") }),
      ],
      enums: [],
    };
    const result = await differences("postgres", target, { tables: [], enums: [] });
    expect(result.lines).toEqual([
      "add table b",
      "add table a",
      "add foreign key fk_b_a_id_a on b (a_id) -> a",
    ]);
  });
});

describe("filters", () => {
  it("never compares the version table and honours include/exclude patterns", async () => {
    const database = {
      tables: [
        reflectedTable("retort_version", [reflectedColumn("version_num", "varchar(32)")]),
        reflectedTable("audit_log", [reflectedColumn("id", "integer")]),
        reflectedTable("users", [reflectedColumn("id", "integer")]),
      ],
      enums: [],
    };
    const target = { tables: [], enums: [] };
    const all = await differences("postgres", target, database);
    expect(all.lines).toEqual(["remove table audit_log", "remove table users"]);
    const filtered = await differences("postgres", target, database, {
      include: nameFilter({ include: [], exclude: ["audit_*"], versionTable: "retort_version" }),
    });
    expect(filtered.lines).toEqual(["remove table users"]);
  });
});

describe("renames", () => {
  const target = { tables: [table("t", { id: column.integer(), full_name: column.text() })], enums: [] };
  const database = {
    tables: [reflectedTable("t", [reflectedColumn("id", "integer"), reflectedColumn("name", "text")])],
    enums: [],
  };

  it("writes a possible rename as drop + add with a data-loss note", async () => {
    const result = await differences("postgres", target, database);
    expect(result.lines).toEqual(["add column t.full_name text", "remove column t.name"]);
    expect([...result.notes.values()]).toEqual([
      expect.stringContaining("possible rename of t.name to full_name"),
      expect.stringContaining("this drop loses the column's data"),
    ]);
  });

  it("renames the column when the interactive answer is yes", async () => {
    const asked: string[] = [];
    const result = await differences("postgres", target, database, {
      askRename: async (candidate) => {
        asked.push(`${candidate.kind} ${candidate.table}.${candidate.from} -> ${candidate.to}`);
        return true;
      },
    });
    expect(asked).toEqual(["column t.name -> full_name"]);
    expect(result.lines).toEqual(["alter column t.name: rename to full_name"]);
  });
});

describe("table renames", () => {
  it("renames a table when asked and then compares it as the same table", async () => {
    const target = {
      tables: [table("people", { id: column.integer(), name: column.varchar(20) })],
      enums: [],
    };
    const database = {
      tables: [
        reflectedTable("persons", [reflectedColumn("id", "integer"), reflectedColumn("name", "varchar(10)")]),
      ],
      enums: [],
    };
    const plain = await differences("postgres", target, database);
    expect(plain.lines).toEqual(["add table people", "remove table persons"]);
    expect([...plain.notes.values()]).toEqual([
      expect.stringContaining("possible rename of table persons to people"),
      expect.stringContaining("possible rename of table persons to people"),
    ]);
    const renamed = await differences("postgres", target, database, { askRename: async () => true });
    expect(renamed.lines).toEqual([
      "rename table persons to people",
      "alter column people.name: type varchar(10) -> varchar(20)",
    ]);
  });
});

describe("PostgreSQL schemas", () => {
  it("creates a schema the target uses before its tables, and leaves existing ones alone", async () => {
    const target = { tables: [table("events", { id: column.integer() }, { schema: "audit" })], enums: [] };
    const missing = await differences("postgres", target, { tables: [], enums: [] });
    expect(missing.lines).toEqual(["add schema audit", "add table audit.events"]);
    const present = await differences("postgres", target, { tables: [], enums: [], schemas: ["audit"] });
    expect(present.lines).toEqual(["add table audit.events"]);
  });
});

describe("PostgreSQL enums", () => {
  it("creates a new enum before the table that uses it, and adds new values in place", async () => {
    const target = {
      tables: [table("t", { mood: column.enum("mood", ["sad", "ok", "happy"]) })],
      enums: [
        { name: "mood", schema: undefined, values: ["sad", "ok", "happy"] },
        { name: "size", schema: undefined, values: ["s", "m", "l"] },
      ],
    };
    const fresh = await differences("postgres", target, { tables: [], enums: [] });
    expect(fresh.lines).toEqual(["add enum mood (sad, ok, happy)", "add enum size (s, m, l)", "add table t"]);

    const grown = await differences(
      "postgres",
      { ...target, tables: [] },
      {
        tables: [],
        enums: [
          { name: "mood", schema: undefined, values: ["sad", "happy"] },
          { name: "size", schema: undefined, values: ["l", "m", "s"] },
          { name: "old", schema: undefined, values: ["x"] },
        ],
      },
    );
    expect(grown.lines).toEqual(["add value 'ok' to enum mood", "remove enum old"]);
    expect(grown.warnings).toEqual([expect.stringContaining("enum size: values changed")]);
  });
});

describe("MySQL", () => {
  it("matches unique constraints against unique indexes and ignores the index MySQL adds for a foreign key", async () => {
    const target = {
      tables: [
        table(
          "posts",
          {
            id: column.integer().primaryKey(),
            user_id: column.integer().references("users", "id"),
            slug: column.varchar(50),
          },
          { uniques: [["slug"]] },
        ),
      ],
      enums: [],
    };
    const database = {
      tables: [
        reflectedTable(
          "posts",
          [
            reflectedColumn("id", "int(11)", { nullable: false }),
            reflectedColumn("user_id", "int(11)"),
            reflectedColumn("slug", "varchar(50)"),
          ],
          {
            primaryKey: { name: undefined, columns: ["id"] },
            indexes: [
              { name: "slug", unique: true, columns: ["slug"], expressions: [undefined], where: undefined },
              {
                name: "fk_posts_user_id_users",
                unique: false,
                columns: ["user_id"],
                expressions: [undefined],
                where: undefined,
              },
            ],
            foreignKeys: [
              {
                name: "fk_posts_user_id_users",
                columns: ["user_id"],
                referredSchema: undefined,
                referredTable: "users",
                referredColumns: ["id"],
                onDelete: "restrict",
                onUpdate: "restrict",
                deferrable: false,
                initiallyDeferred: false,
              },
            ],
          },
        ),
      ],
      enums: [],
    };
    const result = await differences("mysql", target, database);
    expect(result.lines).toEqual([]);

    const withoutKey = {
      tables: [
        table(
          "posts",
          { id: column.integer().primaryKey(), user_id: column.integer(), slug: column.varchar(50) },
          { uniques: [["slug"]] },
        ),
      ],
      enums: [],
    };
    const dropped = await differences("mysql", withoutKey, database);
    expect(dropped.lines).toEqual([
      "remove foreign key fk_posts_user_id_users on posts",
      "remove index fk_posts_user_id_users on posts",
    ]);
  });
});

function reflectedIndex(
  name: string,
  columns: string[],
  extra: Partial<ReflectedIndex> & { partOptions?: Partial<ReflectedIndexPart>[] } = {},
): ReflectedIndex {
  const { partOptions = [], ...rest } = extra;
  return {
    name,
    unique: false,
    columns,
    expressions: columns.map(() => undefined),
    where: undefined,
    parts: columns.map((_, i) => ({ ...PLAIN_INDEX_PART, ...partOptions[i] })),
    ...rest,
  };
}

/** One table `t (a text, b text)` in the model, with `options`; the database's `t` has `found`. */
async function indexDifferences(
  dialect: DialectName,
  options: TableOptions,
  found: Partial<ReflectedTable>,
  types: readonly [string, string] = ["text", "text"],
) {
  const target = { tables: [table("t", { a: column.text(), b: column.text() }, options)], enums: [] };
  const database = {
    tables: [reflectedTable("t", [reflectedColumn("a", types[0]), reflectedColumn("b", types[1])], found)],
    enums: [],
  };
  return (await differences(dialect, target, database)).lines;
}

describe("unique constraints and unique indexes", () => {
  it("sees a unique constraint kept as a plain unique index on the same columns as the same rule", async () => {
    for (const dialect of ["postgres", "sqlite", "mysql"] as const) {
      const unnamed = await indexDifferences(
        dialect,
        { uniques: [["a", "b"]] },
        { indexes: [reflectedIndex("t_a_b_key", ["a", "b"], { unique: true })] },
      );
      expect(unnamed, dialect).toEqual([]);
      const named = await indexDifferences(
        dialect,
        { uniques: [{ name: "t_a_unique", columns: ["a"] }] },
        { indexes: [reflectedIndex("t_a_unique", ["a"], { unique: true })] },
      );
      expect(named, dialect).toEqual([]);
    }
  });

  it("sees a unique index kept as a unique constraint as the same rule, named or not", async () => {
    for (const dialect of ["postgres", "sqlite"] as const) {
      const options = { indexes: [{ name: "t_a_key", columns: ["a"], unique: true }] };
      expect(
        await indexDifferences(dialect, options, { uniques: [{ name: "t_a_key", columns: ["a"] }] }),
      ).toEqual([]);
      expect(
        await indexDifferences(dialect, options, { uniques: [{ name: undefined, columns: ["a"] }] }),
      ).toEqual([]);
    }
  });

  it("keeps the rules apart when the names disagree, and creates the model's form", async () => {
    const lines = await indexDifferences(
      "postgres",
      { uniques: [{ name: "t_a_unique", columns: ["a"] }] },
      { indexes: [reflectedIndex("t_a_idx", ["a"], { unique: true })] },
    );
    expect(lines).toEqual(["remove index t_a_idx on t", "add unique constraint t_a_unique on t (a)"]);
    const reverse = await indexDifferences(
      "postgres",
      { indexes: [{ name: "t_a_idx", columns: ["a"], unique: true }] },
      { uniques: [{ name: "t_a_unique", columns: ["a"] }] },
    );
    expect(reverse).toEqual(["remove unique constraint t_a_unique on t", "add unique index t_a_idx on t"]);
  });

  it("does not take a unique index that says more than a constraint (a WHERE, DESC, INCLUDE) for one", async () => {
    const unique = { uniques: [{ name: "t_a_unique", columns: ["a"] }] };
    const cases: ReflectedIndex[] = [
      reflectedIndex("t_a_unique", ["a"], { unique: true, where: "a <> ''" }),
      reflectedIndex("t_a_unique", ["a"], { unique: true, partOptions: [{ descending: true }] }),
      reflectedIndex("t_a_unique", ["a"], { unique: true, include: ["b"] }),
      reflectedIndex("t_a_unique", ["a"], { unique: false }),
    ];
    for (const found of cases) {
      expect(await indexDifferences("postgres", unique, { indexes: [found] })).toEqual([
        "remove index t_a_unique on t",
        "add unique constraint t_a_unique on t (a)",
      ]);
    }
  });
});

describe("index comparison", () => {
  const recreated = ["remove index ix on t", expect.stringMatching(/^add (unique )?index ix on t/)];

  it("treats PostgreSQL's btree and a default operator class, named or not, as no difference", async () => {
    const found = {
      indexes: [
        reflectedIndex("ix", ["a"], {
          method: "btree",
          partOptions: [{ opclass: "text_ops", defaultOpclass: true }],
        }),
      ],
    };
    for (const columns of [["a"], [{ column: "a", opclass: "text_ops" }]]) {
      for (const method of [undefined, "btree", "BTREE"]) {
        const lines = await indexDifferences(
          "postgres",
          { indexes: [{ name: "ix", columns, method }] },
          found,
        );
        expect(lines, `${JSON.stringify(columns)} ${method}`).toEqual([]);
      }
    }
    const patterned = { indexes: [{ name: "ix", columns: [{ column: "a", opclass: "text_pattern_ops" }] }] };
    expect(await indexDifferences("postgres", patterned, found)).toEqual(recreated);
    expect(
      await indexDifferences(
        "postgres",
        { indexes: [{ name: "ix", columns: ["a"] }] },
        {
          indexes: [
            reflectedIndex("ix", ["a"], {
              partOptions: [{ opclass: "text_pattern_ops", defaultOpclass: false }],
            }),
          ],
        },
      ),
    ).toEqual(recreated);
  });

  it("recreates an index whose method, INCLUDE, order or collation changed", async () => {
    const plain = { indexes: [reflectedIndex("ix", ["a"], { method: "btree" })] };
    const changes: TableOptions[] = [
      { indexes: [{ name: "ix", columns: ["a"], method: "gin" }] },
      { indexes: [{ name: "ix", columns: ["a"], include: ["b"] }] },
      { indexes: [{ name: "ix", columns: [{ column: "a", descending: true }] }] },
      { indexes: [{ name: "ix", columns: [{ column: "a", nulls: "first" }] }] },
      { indexes: [{ name: "ix", columns: [{ column: "a", collation: "C" }] }] },
      { indexes: [{ name: "ix", columns: ["a"], unique: true }] },
    ];
    for (const options of changes) {
      expect(await indexDifferences("postgres", options, plain), JSON.stringify(options)).toEqual(recreated);
    }
  });

  it("treats the NULLS placement that is the order's default as none", async () => {
    const descending = { indexes: [reflectedIndex("ix", ["a"], { partOptions: [{ descending: true }] })] };
    const model = (nulls: "first" | "last") => ({
      indexes: [{ name: "ix", columns: [{ column: "a", descending: true, nulls }] }],
    });
    expect(await indexDifferences("postgres", model("first"), descending)).toEqual([]);
    expect(await indexDifferences("postgres", model("last"), descending)).toEqual(recreated);
  });

  it("on MySQL: sees FULLTEXT and prefix lengths, and takes HASH and a TEXT column's own prefix as no difference", async () => {
    const fulltext = { indexes: [reflectedIndex("ix", ["a"], { method: "fulltext" })] };
    expect(await indexDifferences("mysql", { indexes: [{ name: "ix", columns: ["a"] }] }, fulltext)).toEqual(
      recreated,
    );
    expect(
      await indexDifferences(
        "mysql",
        { indexes: [{ name: "ix", columns: ["a"], method: "fulltext" }] },
        fulltext,
      ),
    ).toEqual([]);
    const hash = { indexes: [reflectedIndex("ix", ["a"], { method: "hash" })] };
    expect(await indexDifferences("mysql", { indexes: [{ name: "ix", columns: ["a"] }] }, hash)).toEqual([]);

    const prefixed = {
      indexes: [reflectedIndex("ix", ["a"], { method: "btree", partOptions: [{ length: 768 }] })],
    };
    const unprefixed = { indexes: [{ name: "ix", columns: ["a"] }] };
    expect(await indexDifferences("mysql", unprefixed, prefixed)).toEqual([]);
    const onVarchar = await indexDifferences("mysql", unprefixed, prefixed, ["varchar(800)", "text"]);
    expect(onVarchar.filter((line) => line.includes("index"))).toEqual(recreated);
    const twenty = { indexes: [{ name: "ix", columns: [{ column: "a", length: 20 }] }] };
    expect(await indexDifferences("mysql", twenty, prefixed)).toEqual(recreated);
  });

  it("on SQLite: compares collation names without case", async () => {
    const found = { indexes: [reflectedIndex("ix", ["a"], { partOptions: [{ collation: "NOCASE" }] })] };
    const model = (collation: string) => ({
      indexes: [{ name: "ix", columns: [{ column: "a", collation }] }],
    });
    expect(await indexDifferences("sqlite", model("nocase"), found)).toEqual([]);
    expect(await indexDifferences("sqlite", model("rtrim"), found)).toEqual(recreated);
  });
});
