/**
 * @module store/migrations
 * The numbered schema migrations, applied in order inside one transaction each;
 * `PRAGMA user_version` records the last one applied. Never edit a released
 * migration: add the next number.
 *
 * Every aggregate table is scoped by (account, region) and keeps the AWS
 * resource as a JSON document (`doc`) next to the key and index columns that
 * queries need, so reads are one indexed lookup and the document is already
 * in its wire shape.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'every apigateway aggregate: rest APIs, resources (with their methods), deployments, stages, gateway responses, authorizers, models, validators, documentation, API keys, usage plans, domain names, VPC links, client certificates, tags, account',
    sql: `
      CREATE TABLE rest_apis (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE TABLE resources (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        parent_id TEXT,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE INDEX resources_by_parent ON resources (account, region, rest_api_id, parent_id);
      CREATE TABLE deployments (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE TABLE stages (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        deployment_id TEXT,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE INDEX stages_by_deployment ON stages (account, region, rest_api_id, deployment_id);
      CREATE TABLE tags (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE TABLE gateway_responses (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE TABLE authorizers (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE TABLE models (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        name TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE UNIQUE INDEX models_by_name ON models (account, region, rest_api_id, name);
      CREATE TABLE request_validators (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE TABLE documentation_parts (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        location_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE UNIQUE INDEX documentation_parts_by_location ON documentation_parts (account, region, rest_api_id, location_key);
      CREATE TABLE documentation_versions (
        account TEXT NOT NULL, region TEXT NOT NULL, rest_api_id TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        parts TEXT NOT NULL,
        PRIMARY KEY (account, region, rest_api_id, id)
      );
      CREATE TABLE api_keys (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        value TEXT NOT NULL, name TEXT, customer_id TEXT,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE UNIQUE INDEX api_keys_by_value ON api_keys (account, region, value);
      CREATE TABLE usage_plans (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE TABLE domain_names (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE TABLE vpc_links (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE TABLE client_certificates (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE TABLE usage_plan_keys (
        account TEXT NOT NULL, region TEXT NOT NULL, usage_plan_id TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, usage_plan_id, id)
      );
      CREATE INDEX usage_plan_keys_by_key ON usage_plan_keys (account, region, id);
      CREATE TABLE base_path_mappings (
        account TEXT NOT NULL, region TEXT NOT NULL, domain_name TEXT NOT NULL, id TEXT NOT NULL,
        rest_api_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, domain_name, id)
      );
      CREATE INDEX base_path_mappings_by_api ON base_path_mappings (account, region, rest_api_id);
      CREATE TABLE domain_name_access_associations (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        domain_name_arn TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
      CREATE INDEX domain_name_access_associations_by_domain ON domain_name_access_associations (domain_name_arn);
      CREATE TABLE usage (
        account TEXT NOT NULL, region TEXT NOT NULL, usage_plan_id TEXT NOT NULL, key_id TEXT NOT NULL,
        day TEXT NOT NULL,
        used INTEGER NOT NULL DEFAULT 0,
        granted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, region, usage_plan_id, key_id, day)
      );
      CREATE TABLE account_settings (
        account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account, region, id)
      );
    `,
  },
];
