import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { Type } from 'avsc';
import { common, Namespace, parse, Root, Type as ProtoType } from 'protobufjs';
import { SchemaType } from '@kafka-taas/plugin-kafka-taas-common';

/** Schema types that have a text to parse. */
export type ParsedSchemaType = Exclude<SchemaType, 'none'>;

/** How each type is named in messages. */
export const SCHEMA_TYPE_TITLES: Record<ParsedSchemaType, string> = {
  avro: 'Avro',
  json: 'JSON Schema',
  protobuf: 'Protobuf',
};

/**
 * Parses a schema with the parser its consumers and producers will use (avsc, Ajv,
 * protobufjs). Returns the parser's complaint, or undefined when the schema is valid.
 */
export function schemaParseError(
  type: ParsedSchemaType,
  text: string,
): string | undefined {
  try {
    switch (type) {
      case 'avro':
        Type.forSchema(JSON.parse(text));
        return undefined;
      case 'json':
        compileJsonSchema(JSON.parse(text));
        return undefined;
      case 'protobuf':
        return protobufProblem(text);
      default:
        return `unknown schema type ${String(type)}`;
    }
  } catch (error) {
    return isMessage(error) ? error.message : String(error);
  }
}

function isMessage(value: unknown): value is { message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Compiles a JSON Schema with the Ajv dialect its `$schema` names: 2020-12 and 2019-09 with
 * their own meta-schemas, anything else (draft-07, draft-06, draft-04, none, unknown) as
 * draft-07. Unknown keywords and formats are tolerated: registries and code generators add
 * their own (`javaType`, `connect.type`).
 */
function compileJsonSchema(schema: unknown): void {
  if (typeof schema === 'boolean') return;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new Error('a JSON Schema must be an object (or true / false)');
  }
  const options = {
    strict: false,
    logger: false,
    validateFormats: false,
  } as const;
  const dialect = String((schema as { $schema?: unknown }).$schema ?? '');
  if (dialect.includes('2020-12')) {
    new Ajv2020(options).compile(schema);
  } else if (dialect.includes('2019-09')) {
    new Ajv2019(options).compile(schema);
  } else {
    const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
    new Ajv(options).compile(rest);
  }
}

/**
 * Parses a .proto file and resolves every type it uses. Imports of Google's well-known types
 * (`google/protobuf/timestamp.proto`) resolve; other imports would need schema references,
 * which a topic request cannot carry.
 */
function protobufProblem(text: string): string | undefined {
  const root = new Root();
  const parsed = parse(text, root, { keepCase: true });
  if (!definesMessage(root)) return 'defines no message type';
  for (const file of [
    ...(parsed.imports ?? []),
    ...(parsed.weakImports ?? []),
  ]) {
    const wellKnown = common.get(file);
    if (!wellKnown?.nested) {
      return `imports "${file}": only Google's well-known types (google/protobuf/*.proto) can be imported`;
    }
    root.addJSON(wellKnown.nested);
  }
  root.resolveAll();
  return undefined;
}

function definesMessage(namespace: Namespace): boolean {
  return namespace.nestedArray.some(
    n =>
      n instanceof ProtoType || (n instanceof Namespace && definesMessage(n)),
  );
}
