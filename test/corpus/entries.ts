// The corpus: real schemas written by other people, one folder each under test/corpus/<dialect>/<name>/
// (SOURCE.md there names the upstream and every edit). For each: the file Retort reads as its `target`, how
// database D is built from the entry's own DDL, and the second change the harness makes to a copy of the target.

export type CorpusDialect = "postgres" | "mysql" | "sqlite";

/** A textual edit of the target copy; `find` must occur exactly once. */
export interface Edit {
  readonly find: string;
  readonly replace: string;
}

/** What the second change must have done to R, checked in the harness's own catalog of R. */
export interface SecondChangeExpectations {
  /** Present afterwards, with a default. */
  readonly addedColumn: { readonly table: string; readonly column: string };
  readonly addedIndex: { readonly table: string; readonly index: string };
  /** The column's catalog type afterwards contains `type`. */
  readonly changedType: { readonly table: string; readonly column: string; readonly type: string };
  /** No foreign key on exactly these columns afterwards (absent when the schema has no foreign keys). */
  readonly droppedForeignKey?: { readonly table: string; readonly columns: readonly string[] };
}

/** Why an entry's own DDL builds a database that differs from its schema, when that is not Retort's doing. */
export type ExpectedReason =
  /** Columns added by a later `ALTER TABLE … ADD COLUMN` come last in D, wherever the schema declares them. */
  | "history order"
  /** A migration from an older drizzle-kit, which wrote things in an order of its own (composite keys sorted). */
  | "older drizzle-kit"
  /** The app's own migrations do not do what its schema says. */
  | "migration disagrees with schema";

/**
 * A difference between D and R that the entry's history explains. The harness reports it by name, apart from the
 * failures, and fails when it does not occur (a stale expectation hides nothing).
 */
export type ExpectedDifference = {
  readonly reason: ExpectedReason;
  /** What upstream did, in a sentence, for the report. */
  readonly note: string;
  /** The lines `check` against D (step d) prints because of it, exactly. */
  readonly check?: readonly string[];
} & (
  | /** The same columns of `table`, in another order. */
  { readonly kind: "column order"; readonly table: string }
  /** The same primary key columns of `table`, in another order (and the key's index with them). */
  | { readonly kind: "primary key order"; readonly table: string }
  /** One fact, with what D and R say of it exactly (undefined: absent there). */
  | {
      readonly kind: "fact";
      readonly key: string;
      readonly d: string | undefined;
      readonly r: string | undefined;
    }
);

export interface CorpusEntry {
  readonly dialect: CorpusDialect;
  readonly name: string;
  /** The Retort target, relative to the entry folder: a `.sql` file or a Drizzle schema module. */
  readonly target: string;
  /**
   * A diagnostic second run of an entry: Retort's target is a transformed copy of the file (D is still built from
   * the verbatim one), to see past a failure that the verbatim run reports. Runs on `runsOn` only.
   */
  readonly variant?: {
    readonly label: string;
    readonly transform: (source: string) => string;
    readonly runsOn: readonly ("pglite" | "postgres" | "mysql" | "sqlite")[];
  };
  /** Retort config keys the entry needs beside url and target, as its own tool's config sets them. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** How D is built: the target script itself through the database's client, or drizzle-kit's migrations. */
  readonly ddl:
    | { readonly kind: "script" }
    | { readonly kind: "drizzle-kit"; readonly migrations: readonly string[] };
  /** Differences between D and R that come from the entry's own history, each with its reason. */
  readonly expectedDifferences?: readonly ExpectedDifference[];
  readonly secondChange: {
    readonly description: string;
    readonly edits?: readonly Edit[];
    /** Statements appended to a `.sql` target copy. */
    readonly append?: string;
    readonly expect: SecondChangeExpectations;
  };
}

const AI_CHATBOT_MIGRATIONS = [
  "0000_keen_devos.sql",
  "0001_sparkling_blue_marvel.sql",
  "0002_wandering_riptide.sql",
  "0003_cloudy_glorian.sql",
  "0004_odd_slayback.sql",
  "0005_wooden_whistler.sql",
  "0006_marvelous_frog_thor.sql",
  "0007_flowery_ben_parker.sql",
  "0008_flat_forgotten_one.sql",
].map((file) => `migrations/${file}`);

/** Homarr's 42 SQLite migrations, in journal order (their file names sort in that order). */
const HOMARR_MIGRATIONS = [
  "0000_talented_ben_parker",
  "0001_mixed_titanium_man",
  "0002_cooing_sumo",
  "0003_adorable_raider",
  "0004_peaceful_red_ghost",
  "0005_lean_random",
  "0006_windy_doctor_faustus",
  "0007_known_ultragirl",
  "0008_third_thor",
  "0009_stale_roulette",
  "0010_gorgeous_stingray",
  "0011_classy_angel",
  "0012_ambiguous_black_panther",
  "0013_faithful_hex",
  "0014_colorful_cargill",
  "0015_superb_psylocke",
  "0016_change_all_to_snake_case",
  "0017_small_rumiko_fujikawa",
  "0018_cheerful_tattoo",
  "0019_steady_darkhawk",
  "0020_empty_hellfire_club",
  "0021_famous_bruce_banner",
  "0022_modern_sunfire",
  "0023_fix_on_delete_actions",
  "0024_bitter_scrambler",
  "0025_add-group-home-board-settings",
  "0026_add-border-radius",
  "0027_wooden_blizzard",
  "0028_add_app_ping_url",
  "0029_add_layouts",
  "0030_migrate_item_and_section_for_layouts",
  "0031_add_dynamic_section_options",
  "0032_add_trusted_certificate_hostnames",
  "0033_add_cron_job_configuration",
  "0034_add_app_reference_to_integration",
  "0035_remove_salt",
  "0036_add_user_ddg_bangs",
  "0037_add_user_onboarding_tour_status",
  "0038_crazy_hobgoblin",
  "0039_merge_custom_widget_url",
  "0040_add_widget_secret",
  "0041_add_right_click_preference",
].map((tag) => `migrations/${tag}.sql`);

const STANDARD_CHANGE = "add a column with a default, add an index, widen a column, drop a foreign key";

export const CORPUS: readonly CorpusEntry[] = [
  {
    dialect: "postgres",
    name: "pagila",
    target: "pagila-schema.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: `${STANDARD_CHANGE} (Pagila has no varchar: character(20) is widened to character(40))`,
      append: `
ALTER TABLE public.customer ADD COLUMN corpus_note character varying(30) DEFAULT 'none'::character varying NOT NULL;
CREATE INDEX corpus_customer_email_idx ON public.customer USING btree (email);
ALTER TABLE public.language ALTER COLUMN name TYPE character(40);
ALTER TABLE public.customer DROP CONSTRAINT customer_address_id_fkey;
`,
      expect: {
        addedColumn: { table: "public.customer", column: "corpus_note" },
        addedIndex: { table: "public.customer", index: "corpus_customer_email_idx" },
        changedType: { table: "public.language", column: "name", type: "character(40)" },
        droppedForeignKey: { table: "public.customer", columns: ["address_id"] },
      },
    },
  },
  {
    dialect: "postgres",
    name: "pagila",
    target: "pagila-schema.sql",
    variant: {
      label: "without the set_config('search_path', '', false) line",
      transform: (source) => source.replace("SELECT pg_catalog.set_config('search_path', '', false);\n", ""),
      runsOn: ["postgres"],
    },
    ddl: { kind: "script" },
    secondChange: {
      description: `${STANDARD_CHANGE} (Pagila has no varchar: character(20) is widened to character(40))`,
      append: `
ALTER TABLE public.customer ADD COLUMN corpus_note character varying(30) DEFAULT 'none'::character varying NOT NULL;
CREATE INDEX corpus_customer_email_idx ON public.customer USING btree (email);
ALTER TABLE public.language ALTER COLUMN name TYPE character(40);
ALTER TABLE public.customer DROP CONSTRAINT customer_address_id_fkey;
`,
      expect: {
        addedColumn: { table: "public.customer", column: "corpus_note" },
        addedIndex: { table: "public.customer", index: "corpus_customer_email_idx" },
        changedType: { table: "public.language", column: "name", type: "character(40)" },
        droppedForeignKey: { table: "public.customer", columns: ["address_id"] },
      },
    },
  },
  {
    dialect: "postgres",
    name: "chinook",
    target: "Chinook_PostgreSql_SerialPKs.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: STANDARD_CHANGE,
      append: `
ALTER TABLE customer ADD COLUMN corpus_note VARCHAR(30) DEFAULT 'none' NOT NULL;
CREATE INDEX corpus_customer_email_idx ON customer (email);
ALTER TABLE customer ALTER COLUMN company TYPE VARCHAR(120);
ALTER TABLE customer DROP CONSTRAINT customer_support_rep_id_fkey;
`,
      expect: {
        addedColumn: { table: "public.customer", column: "corpus_note" },
        addedIndex: { table: "public.customer", index: "corpus_customer_email_idx" },
        changedType: { table: "public.customer", column: "company", type: "character varying(120)" },
        droppedForeignKey: { table: "public.customer", columns: ["support_rep_id"] },
      },
    },
  },
  {
    dialect: "postgres",
    name: "drizzle-saas-starter",
    target: "schema.ts",
    ddl: { kind: "drizzle-kit", migrations: ["migrations/0000_soft_the_anarchist.sql"] },
    secondChange: {
      description: STANDARD_CHANGE,
      edits: [
        {
          find: "  integer,\n} from 'drizzle-orm/pg-core';",
          replace: "  integer,\n  index,\n} from 'drizzle-orm/pg-core';",
        },
        {
          find: "  name: varchar('name', { length: 100 }),\n  email:",
          replace:
            "  name: varchar('name', { length: 200 }),\n  nickname: varchar('nickname', { length: 40 }).notNull().default('none'),\n  email:",
        },
        {
          find: "  deletedAt: timestamp('deleted_at'),\n});",
          replace: "  deletedAt: timestamp('deleted_at'),\n}, (t) => [index('users_role_idx').on(t.role)]);",
        },
        {
          find: "  invitedBy: integer('invited_by')\n    .notNull()\n    .references(() => users.id),",
          replace: "  invitedBy: integer('invited_by')\n    .notNull(),",
        },
      ],
      expect: {
        addedColumn: { table: "public.users", column: "nickname" },
        addedIndex: { table: "public.users", index: "users_role_idx" },
        changedType: { table: "public.users", column: "name", type: "character varying(200)" },
        droppedForeignKey: { table: "public.invitations", columns: ["invited_by"] },
      },
    },
  },
  {
    dialect: "postgres",
    name: "drizzle-ai-chatbot",
    target: "schema.ts",
    ddl: { kind: "drizzle-kit", migrations: AI_CHATBOT_MIGRATIONS },
    expectedDifferences: [
      {
        kind: "column order",
        table: "public.Chat",
        reason: "history order",
        note: "migration 0002 adds title after userId; the schema declares title before userId",
      },
      {
        kind: "column order",
        table: "public.Document",
        reason: "history order",
        note: "migration 0004 adds text (the kind column) after userId; the schema declares it before userId",
      },
    ],
    secondChange: {
      description: STANDARD_CHANGE,
      edits: [
        { find: "  foreignKey,\n", replace: "  foreignKey,\n  index,\n" },
        {
          find: '  email: varchar("email", { length: 64 }).notNull(),\n  password: varchar("password", { length: 64 }),\n});',
          replace:
            '  email: varchar("email", { length: 128 }).notNull(),\n  password: varchar("password", { length: 64 }),\n  nickname: varchar("nickname", { length: 40 }).notNull().default("none"),\n}, (t) => [index("User_email_idx").on(t.email)]);',
        },
        {
          find: "    chatRef: foreignKey({\n      columns: [table.chatId],\n      foreignColumns: [chat.id],\n    }),\n",
          replace: "",
        },
      ],
      expect: {
        addedColumn: { table: "public.User", column: "nickname" },
        addedIndex: { table: "public.User", index: "User_email_idx" },
        changedType: { table: "public.User", column: "email", type: "character varying(128)" },
        droppedForeignKey: { table: "public.Stream", columns: ["chatId"] },
      },
    },
  },
  {
    dialect: "mysql",
    name: "sakila",
    target: "sakila-mv-schema.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: STANDARD_CHANGE,
      append: `
ALTER TABLE customer ADD COLUMN corpus_note VARCHAR(30) NOT NULL DEFAULT 'none';
CREATE INDEX corpus_customer_email_idx ON customer (email);
ALTER TABLE customer MODIFY email VARCHAR(100) DEFAULT NULL;
ALTER TABLE customer DROP FOREIGN KEY fk_customer_store;
`,
      expect: {
        addedColumn: { table: "customer", column: "corpus_note" },
        addedIndex: { table: "customer", index: "corpus_customer_email_idx" },
        changedType: { table: "customer", column: "email", type: "varchar(100)" },
        droppedForeignKey: { table: "customer", columns: ["store_id"] },
      },
    },
  },
  {
    dialect: "mysql",
    name: "sakila",
    target: "sakila-mv-schema.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: STANDARD_CHANGE,
      append: `
ALTER TABLE customer ADD COLUMN corpus_note VARCHAR(30) NOT NULL DEFAULT 'none';
CREATE INDEX corpus_customer_email_idx ON customer (email);
ALTER TABLE customer MODIFY email VARCHAR(100) DEFAULT NULL;
ALTER TABLE customer DROP FOREIGN KEY fk_customer_store;
`,
      expect: {
        addedColumn: { table: "customer", column: "corpus_note" },
        addedIndex: { table: "customer", index: "corpus_customer_email_idx" },
        changedType: { table: "customer", column: "email", type: "varchar(100)" },
        droppedForeignKey: { table: "customer", columns: ["store_id"] },
      },
    },
  },
  {
    dialect: "mysql",
    name: "employees",
    target: "employees_partitioned.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: STANDARD_CHANGE,
      append: `
ALTER TABLE employees ADD COLUMN corpus_note VARCHAR(30) NOT NULL DEFAULT 'none';
CREATE INDEX corpus_employees_last_name_idx ON employees (last_name);
ALTER TABLE employees MODIFY first_name VARCHAR(30) NOT NULL;
ALTER TABLE dept_manager DROP FOREIGN KEY dept_manager_ibfk_1;
`,
      expect: {
        addedColumn: { table: "employees", column: "corpus_note" },
        addedIndex: { table: "employees", index: "corpus_employees_last_name_idx" },
        changedType: { table: "employees", column: "first_name", type: "varchar(30)" },
        droppedForeignKey: { table: "dept_manager", columns: ["emp_no"] },
      },
    },
  },
  {
    dialect: "mysql",
    name: "chinook",
    target: "Chinook_MySql.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: STANDARD_CHANGE,
      append: `
ALTER TABLE \`Customer\` ADD COLUMN \`CorpusNote\` NVARCHAR(30) NOT NULL DEFAULT 'none';
CREATE INDEX \`IX_CorpusCustomerEmail\` ON \`Customer\` (\`Email\`);
ALTER TABLE \`Customer\` MODIFY \`Company\` NVARCHAR(120);
ALTER TABLE \`Customer\` DROP FOREIGN KEY \`FK_CustomerSupportRepId\`;
`,
      expect: {
        addedColumn: { table: "Customer", column: "CorpusNote" },
        addedIndex: { table: "Customer", index: "IX_CorpusCustomerEmail" },
        changedType: { table: "Customer", column: "Company", type: "varchar(120)" },
        droppedForeignKey: { table: "Customer", columns: ["SupportRepId"] },
      },
    },
  },
  {
    dialect: "mysql",
    name: "drizzle-skateshop",
    target: "schema.ts",
    ddl: {
      kind: "drizzle-kit",
      migrations: [
        "migrations/0000_thick_the_watchers.sql",
        "migrations/0001_noisy_kronos.sql",
        "migrations/0002_cynical_newton_destine.sql",
      ],
    },
    secondChange: {
      description: `${STANDARD_CHANGE.replace(", drop a foreign key", "")} (the schema has no foreign keys)`,
      edits: [
        {
          find: '  stripeAccountId: varchar("stripe_account_id", { length: 255 }),\n  createdAt',
          replace:
            '  stripeAccountId: varchar("stripe_account_id", { length: 300 }),\n  nickname: varchar("nickname", { length: 40 }).notNull().default("none"),\n  createdAt',
        },
        {
          find: '    storeIdx: index("store_idx").on(t.storeId),\n  })\n)\n\nexport type Product ',
          replace:
            '    storeIdx: index("store_idx").on(t.storeId),\n    nameIdx: index("products_name_idx").on(t.name),\n  })\n)\n\nexport type Product ',
        },
      ],
      expect: {
        addedColumn: { table: "skateshop_stores", column: "nickname" },
        addedIndex: { table: "skateshop_products", index: "products_name_idx" },
        changedType: { table: "skateshop_stores", column: "stripe_account_id", type: "varchar(300)" },
      },
    },
  },
  {
    dialect: "sqlite",
    name: "chinook",
    target: "Chinook_Sqlite.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: STANDARD_CHANGE,
      edits: [
        { find: "    [Company] NVARCHAR(80),\n", replace: "    [Company] NVARCHAR(120),\n" },
        {
          find: "    [Email] NVARCHAR(60)  NOT NULL,\n    [SupportRepId] INTEGER,",
          replace:
            "    [Email] NVARCHAR(60)  NOT NULL,\n    [SupportRepId] INTEGER,\n    [CorpusNote] NVARCHAR(30) NOT NULL DEFAULT 'none',",
        },
        {
          find: "    CONSTRAINT [PK_Customer] PRIMARY KEY  ([CustomerId]),\n    FOREIGN KEY ([SupportRepId]) REFERENCES [Employee] ([EmployeeId]) \n\t\tON DELETE NO ACTION ON UPDATE NO ACTION\n",
          replace: "    CONSTRAINT [PK_Customer] PRIMARY KEY  ([CustomerId])\n",
        },
      ],
      append: "\nCREATE INDEX [IX_CorpusCustomerEmail] ON [Customer] ([Email]);\n",
      expect: {
        addedColumn: { table: "Customer", column: "CorpusNote" },
        addedIndex: { table: "Customer", index: "IX_CorpusCustomerEmail" },
        changedType: { table: "Customer", column: "Company", type: '"NVARCHAR(120)"' },
        droppedForeignKey: { table: "Customer", columns: ["SupportRepId"] },
      },
    },
  },
  {
    dialect: "sqlite",
    name: "northwind",
    target: "create.sql",
    ddl: { kind: "script" },
    secondChange: {
      description: `${STANDARD_CHANGE} (Northwind's columns are all TEXT/NUMERIC: ShipName TEXT becomes VARCHAR(80))`,
      // The upstream file has CRLF line endings.
      edits: [
        {
          find: "   [ShipName]TEXT,\r\n",
          replace: "   [ShipName]VARCHAR(80),\r\n   [CorpusNote]TEXT NOT NULL DEFAULT 'none',\r\n",
        },
        {
          find: "NO ACTION,\r\n\tFOREIGN KEY ([ShipVia]) REFERENCES [Shippers] ([ShipperID]) \r\n\t\tON DELETE NO ACTION ON UPDATE NO ACTION\r\n",
          replace: "NO ACTION\r\n",
        },
      ],
      append: "\nCREATE INDEX [IX_CorpusOrdersShipName] ON [Orders] ([ShipName]);\n",
      expect: {
        addedColumn: { table: "Orders", column: "CorpusNote" },
        addedIndex: { table: "Orders", index: "IX_CorpusOrdersShipName" },
        changedType: { table: "Orders", column: "ShipName", type: '"VARCHAR(80)"' },
        droppedForeignKey: { table: "Orders", columns: ["ShipVia"] },
      },
    },
  },
  {
    dialect: "sqlite",
    name: "drizzle-homarr",
    target: "schema.ts",
    // Homarr's drizzle.config.ts sets casing: "snake_case".
    config: { drizzleCasing: "snake_case" },
    ddl: { kind: "drizzle-kit", migrations: HOMARR_MIGRATIONS },
    expectedDifferences: [
      ...[
        ["boardUserPermission", "0000", "board_id, user_id, permission"],
        ["integration_item", "0000", "item_id, integration_id"],
        ["integrationGroupPermissions", "0004", "integration_id, group_id, permission"],
        ["integrationUserPermission", "0004", "integration_id, user_id, permission"],
      ].map(([table, migration, columns]) => ({
        kind: "primary key order" as const,
        table: table as string,
        reason: "older drizzle-kit" as const,
        note: `migration ${migration} lists the key's columns sorted; the schema declares (${columns})`,
        check: [
          `remove primary key pk_${table} on ${table}`,
          `add primary key pk_${table} on ${table} (${columns})`,
        ],
      })),
      {
        kind: "column order",
        table: "board",
        reason: "history order",
        note: "disable_status, item_radius and icon_color were added by migrations 0024, 0026 and 0027",
      },
      {
        kind: "column order",
        table: "user",
        reason: "history order",
        note: "ddg_bangs, the two tour columns and enable_right_click_on_widgets were added by migrations 0036, 0037 and 0041",
      },
      {
        kind: "fact",
        key: "foreign key integration (app_id) -> app",
        d: "FOREIGN KEY (app_id) REFERENCES app(id) ON UPDATE NO ACTION ON DELETE NO ACTION MATCH NONE",
        r: "FOREIGN KEY (app_id) REFERENCES app(id) ON UPDATE NO ACTION ON DELETE SET NULL MATCH NONE",
        reason: "migration disagrees with schema",
        note: 'migration 0034 adds the column with a bare REFERENCES app(id); the schema says onDelete: "set null"',
        check: [
          "remove foreign key (unnamed) on integration",
          "add foreign key fk_integration_app_id_app on integration (app_id) -> app",
        ],
      },
    ],
    secondChange: {
      description: `${STANDARD_CHANGE} (Homarr has no varchar: text becomes text(512))`,
      edits: [
        {
          find: "  image: text(),\n  password: text(),",
          replace: "  image: text({ length: 512 }),\n  password: text(),",
        },
        {
          find: '  completedBoardTour: int({ mode: "boolean" }).default(false).notNull(),\n});',
          replace:
            '  completedBoardTour: int({ mode: "boolean" }).default(false).notNull(),\n  nickname: text().notNull().default("none"),\n});',
        },
        {
          find: '    userIdIdx: index("user_id_idx").on(session.userId),\n',
          replace:
            '    userIdIdx: index("user_id_idx").on(session.userId),\n    expiresIdx: index("session_expires_idx").on(session.expires),\n',
        },
        {
          find: '\n    .references((): AnySQLiteColumn => users.id, {\n      onDelete: "cascade",\n    }),\n});\n\nexport const users',
          replace: ",\n});\n\nexport const users",
        },
      ],
      expect: {
        addedColumn: { table: "user", column: "nickname" },
        addedIndex: { table: "session", index: "session_expires_idx" },
        changedType: { table: "user", column: "image", type: '"text(512)"' },
        droppedForeignKey: { table: "apiKey", columns: ["userId"] },
      },
    },
  },
];
