using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Srm.Tests.Shared
{
    /// <summary>
    /// Validates JSON (Newtonsoft <see cref="JToken"/>) against schemas of an OpenAPI 3.0 document. It supports what
    /// the SRM spec uses: $ref to #/components/schemas, type (object, string, integer, number, boolean, array),
    /// required, properties, allOf (the properties and required lists of every part are merged with the schema's own),
    /// items, enum, nullable, format int32/int64/uuid, minimum/maximum, uniqueItems, additionalProperties.
    /// It is strict: a property the schema does not name is an error (so a misspelt field name is caught); only an
    /// object schema with no properties at all (a free-form object) accepts any members. oneOf/anyOf/not throw
    /// <see cref="NotSupportedException"/> rather than pass silently. Errors read "$.list[0].status: ...".
    /// </summary>
    public sealed class OpenApiSchemaValidator
    {
        private const string ComponentPrefix = "#/components/schemas/";
        private const int MaxDepth = 64;

        public OpenApiSchemaValidator(JObject document)
        {
            Document = document ?? throw new ArgumentNullException(nameof(document));
        }

        public JObject Document { get; }

        public static OpenApiSchemaValidator Load(string path) => new OpenApiSchemaValidator((JObject)ParseJson(File.ReadAllText(path)));

        /// <summary>Parses JSON the way a strict client should: strings that look like dates stay strings.</summary>
        public static JToken ParseJson(string text)
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
            };
            var token = JToken.ReadFrom(reader);
            if (reader.Read() && reader.TokenType != JsonToken.Comment)
                throw new JsonReaderException("Additional text after the JSON value.");
            return token;
        }

        /// <summary>The schema #/components/schemas/{name}; throws when the spec has none of that name.</summary>
        public JObject GetComponentSchema(string name) =>
            Document["components"]?["schemas"]?[name] as JObject
            ?? throw new KeyNotFoundException($"The spec has no schema named '{name}'.");

        /// <summary>Validates against #/components/schemas/{componentName}.</summary>
        public IReadOnlyList<string> Validate(JToken? value, string componentName) => Validate(value, GetComponentSchema(componentName));

        public IReadOnlyList<string> Validate(JToken? value, JObject schema)
        {
            var errors = new List<string>();
            ValidateNode(value ?? JValue.CreateNull(), schema, "$", errors, 0);
            return errors;
        }

        /// <summary>
        /// What paths[pathTemplate][method].responses[status] says: whether the status is listed, and the
        /// application/json schema (null when the spec gives no content, i.e. the body must be empty).
        /// Throws when the path or method is not in the spec.
        /// </summary>
        public ResponseSpec GetResponse(string pathTemplate, string method, int statusCode)
        {
            var operation = GetOperation(pathTemplate, method);
            var response = operation["responses"]?[statusCode.ToString(CultureInfo.InvariantCulture)] as JObject;
            if (response == null)
                return new ResponseSpec(false, null);
            return new ResponseSpec(true, response["content"]?["application/json"]?["schema"] as JObject);
        }

        /// <summary>The application/json schema of the request body of an operation, or null when it has none.</summary>
        public JObject? GetRequestBodySchema(string pathTemplate, string method) =>
            GetOperation(pathTemplate, method)["requestBody"]?["content"]?["application/json"]?["schema"] as JObject;

        private JObject GetOperation(string pathTemplate, string method)
        {
            var pathItem = Document["paths"]?[pathTemplate] as JObject
                ?? throw new KeyNotFoundException($"The spec has no path '{pathTemplate}'.");
            return pathItem[method.ToLowerInvariant()] as JObject
                ?? throw new KeyNotFoundException($"The spec has no operation {method.ToUpperInvariant()} {pathTemplate}.");
        }

        private JObject Resolve(JObject schema, int depth)
        {
            while (schema["$ref"] is JValue reference)
            {
                if (++depth > MaxDepth)
                    throw new InvalidOperationException("Too many nested $ref.");
                var target = (string)reference!;
                if (!target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                    throw new NotSupportedException($"Only local $ref to {ComponentPrefix}... are supported (got '{target}').");
                schema = GetComponentSchema(target.Substring(ComponentPrefix.Length));
            }
            return schema;
        }

        private void ValidateNode(JToken value, JObject rawSchema, string path, List<string> errors, int depth)
        {
            if (depth > MaxDepth)
                throw new InvalidOperationException($"{path}: schema nesting too deep.");
            var schema = Resolve(rawSchema, depth);
            foreach (var unsupported in new[] { "oneOf", "anyOf", "not" })
            {
                if (schema[unsupported] != null)
                    throw new NotSupportedException($"{path}: '{unsupported}' is not supported by this validator.");
            }

            if (value.Type == JTokenType.Null)
            {
                if (!IsTrue(schema["nullable"]))
                    errors.Add($"{path}: null is not allowed here (the schema is not nullable).");
                return;
            }

            if (schema["enum"] is JArray allowed && !allowed.Any(a => JToken.DeepEquals(a, value)))
                errors.Add($"{path}: {Show(value)} is not one of the allowed values {string.Join(", ", allowed.Select(a => a.ToString(Formatting.None)))}.");

            var type = (string?)schema["type"];
            if (type == null && (schema["properties"] != null || schema["allOf"] != null))
                type = "object";

            switch (type)
            {
                case null:
                    return;
                case "object":
                    ValidateObject(value, schema, path, errors, depth);
                    return;
                case "array":
                    ValidateArray(value, schema, path, errors, depth);
                    return;
                case "string":
                    ValidateString(value, schema, path, errors);
                    return;
                case "integer":
                    ValidateInteger(value, schema, path, errors);
                    return;
                case "number":
                    if (value.Type != JTokenType.Integer && value.Type != JTokenType.Float)
                        errors.Add($"{path}: expected a number, got {Describe(value)}.");
                    else
                        CheckRange(value, schema, path, errors);
                    return;
                case "boolean":
                    if (value.Type != JTokenType.Boolean)
                        errors.Add($"{path}: expected a boolean, got {Describe(value)}.");
                    return;
                default:
                    throw new NotSupportedException($"{path}: schema type '{type}' is not supported.");
            }
        }

        private void ValidateObject(JToken value, JObject schema, string path, List<string> errors, int depth)
        {
            if (!(value is JObject obj))
            {
                errors.Add($"{path}: expected an object, got {Describe(value)}.");
                return;
            }

            var properties = new Dictionary<string, JObject>(StringComparer.Ordinal);
            var required = new HashSet<string>(StringComparer.Ordinal);
            JToken? additional = null;
            CollectObjectParts(schema, properties, required, ref additional, depth);

            foreach (var name in required)
            {
                if (obj.Property(name) == null)
                    errors.Add($"{path}: required property '{name}' is missing.");
            }

            var freeForm = properties.Count == 0 && additional == null;
            foreach (var member in obj.Properties())
            {
                var memberPath = path + "." + member.Name;
                if (properties.TryGetValue(member.Name, out var propertySchema))
                    ValidateNode(member.Value, propertySchema, memberPath, errors, depth + 1);
                else if (additional is JObject additionalSchema)
                    ValidateNode(member.Value, additionalSchema, memberPath, errors, depth + 1);
                else if (!freeForm && !IsTrue(additional))
                    errors.Add($"{memberPath}: unknown property '{member.Name}' (the schema does not define it).");
            }
        }

        /// <summary>Merges the schema's own properties and required list with those of every allOf part.</summary>
        private void CollectObjectParts(JObject schema, Dictionary<string, JObject> properties, HashSet<string> required, ref JToken? additional, int depth)
        {
            schema = Resolve(schema, depth);
            if (schema["properties"] is JObject own)
            {
                foreach (var p in own.Properties())
                    properties[p.Name] = (JObject)p.Value;
            }
            if (schema["required"] is JArray names)
            {
                foreach (var n in names)
                    required.Add((string)n!);
            }
            if (schema["additionalProperties"] is JToken extra && additional == null)
                additional = extra;
            if (schema["allOf"] is JArray parts)
            {
                foreach (var part in parts.OfType<JObject>())
                    CollectObjectParts(part, properties, required, ref additional, depth + 1);
            }
        }

        private void ValidateArray(JToken value, JObject schema, string path, List<string> errors, int depth)
        {
            if (!(value is JArray array))
            {
                errors.Add($"{path}: expected an array, got {Describe(value)}.");
                return;
            }
            if (schema["items"] is JObject items)
            {
                for (var i = 0; i < array.Count; i++)
                    ValidateNode(array[i], items, $"{path}[{i}]", errors, depth + 1);
            }
            if (IsTrue(schema["uniqueItems"]))
            {
                for (var i = 0; i < array.Count; i++)
                {
                    for (var j = i + 1; j < array.Count; j++)
                    {
                        if (JToken.DeepEquals(array[i], array[j]))
                            errors.Add($"{path}: items {i} and {j} are equal but the schema requires unique items.");
                    }
                }
            }
        }

        private static void ValidateString(JToken value, JObject schema, string path, List<string> errors)
        {
            if (value.Type != JTokenType.String)
            {
                errors.Add($"{path}: expected a string, got {Describe(value)}.");
                return;
            }
            var text = (string)value!;
            if ((string?)schema["format"] == "uuid" && !Guid.TryParseExact(text, "D", out _))
                errors.Add($"{path}: \"{text}\" is not a uuid (format 8-4-4-4-12 hex digits).");
        }

        private static void ValidateInteger(JToken value, JObject schema, string path, List<string> errors)
        {
            if (value.Type != JTokenType.Integer)
            {
                errors.Add($"{path}: expected an integer, got {Describe(value)}.");
                return;
            }
            var number = ToBigInteger((JValue)value);
            var format = (string?)schema["format"];
            if (format == "int32" && (number < int.MinValue || number > int.MaxValue))
                errors.Add($"{path}: {number} is outside the int32 range.");
            else if (format == "int64" && (number < long.MinValue || number > long.MaxValue))
                errors.Add($"{path}: {number} is outside the int64 range.");
            CheckRange(value, schema, path, errors);
        }

        private static void CheckRange(JToken value, JObject schema, string path, List<string> errors)
        {
            var number = ToDecimal((JValue)value);
            if (schema["minimum"] is JValue min && number < min.Value<decimal>())
                errors.Add($"{path}: {Show(value)} is below the minimum {min}.");
            if (schema["maximum"] is JValue max && number > max.Value<decimal>())
                errors.Add($"{path}: {Show(value)} is above the maximum {max}.");
        }

        private static BigInteger ToBigInteger(JValue value) =>
            value.Value is BigInteger big ? big : new BigInteger(Convert.ToDecimal(value.Value, CultureInfo.InvariantCulture));

        private static decimal ToDecimal(JValue value)
        {
            if (value.Value is BigInteger big)
                return big > new BigInteger(decimal.MaxValue) ? decimal.MaxValue : big < new BigInteger(decimal.MinValue) ? decimal.MinValue : (decimal)big;
            return Convert.ToDecimal(value.Value, CultureInfo.InvariantCulture);
        }

        private static bool IsTrue(JToken? token) => token != null && token.Type == JTokenType.Boolean && (bool)token;

        private static string Show(JToken value) => value.ToString(Formatting.None);

        private static string Describe(JToken value) => value.Type switch
        {
            JTokenType.Object => "an object",
            JTokenType.Array => "an array",
            JTokenType.String => $"the string {Show(value)}",
            JTokenType.Integer => $"the integer {Show(value)}",
            JTokenType.Float => $"the number {Show(value)}",
            JTokenType.Boolean => $"the boolean {Show(value)}",
            _ => value.Type.ToString(),
        };
    }

    /// <summary>What the spec says about one response status: listed or not, and its JSON schema (null = no body).</summary>
    public sealed class ResponseSpec
    {
        public ResponseSpec(bool isDocumented, JObject? jsonSchema)
        {
            IsDocumented = isDocumented;
            JsonSchema = jsonSchema;
        }

        /// <summary>The status code appears under the operation's responses.</summary>
        public bool IsDocumented { get; }

        /// <summary>The application/json schema, or null when the spec gives the response no content.</summary>
        public JObject? JsonSchema { get; }
    }
}
