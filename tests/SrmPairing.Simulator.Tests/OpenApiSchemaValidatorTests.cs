using Newtonsoft.Json.Linq;
using Srm.Tests.Shared;

namespace Srm.Simulator.Tests;

/// <summary>The validator itself, so a schema test cannot pass by accepting everything. Uses a small inline document.</summary>
public sealed class OpenApiSchemaValidatorTests
{
    private static readonly OpenApiSchemaValidator Validator = new(JObject.Parse("""
        {
          "openapi": "3.0.1",
          "paths": {
            "/things/{id}": {
              "get": {
                "responses": {
                  "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ThingEntity" } } } },
                  "404": { "description": "Not found" }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                  "id": { "type": "string", "format": "uuid" },
                  "status": { "type": "string", "enum": ["OK", "ERROR"] },
                  "note": { "type": "string", "nullable": true },
                  "count": { "type": "integer", "format": "int32", "minimum": 0, "maximum": 100 },
                  "big": { "type": "integer", "format": "int64", "nullable": true },
                  "ratio": { "type": "number" },
                  "flag": { "type": "boolean" },
                  "tags": { "type": "array", "uniqueItems": true, "items": { "type": "string" } },
                  "error": { "$ref": "#/components/schemas/Problem" },
                  "extra": { "type": "object", "nullable": true }
                }
              },
              "Problem": { "type": "object", "nullable": true, "properties": { "message": { "type": "string" } } },
              "Meta": { "type": "object", "properties": { "errors": { "type": "array", "items": { "type": "string" } } } },
              "ThingEntity": {
                "type": "object",
                "required": ["id", "status"],
                "properties": { "_meta": { "$ref": "#/components/schemas/Meta" } },
                "allOf": [ { "$ref": "#/components/schemas/Thing" } ]
              },
              "Weird": { "oneOf": [ { "type": "string" } ] }
            }
          }
        }
        """));

    private const string Good = """{"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02","status":"OK"}""";

    private static IReadOnlyList<string> Check(string json, string schema = "Thing") =>
        Validator.Validate(OpenApiSchemaValidator.ParseJson(json), schema);

    private static JObject With(string json, string property, JToken? value)
    {
        var obj = JObject.Parse(Good);
        obj[property] = value;
        return obj;
    }

    [Fact]
    public void A_valid_document_has_no_errors()
    {
        Assert.Empty(Check("""
            {"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02","status":"ERROR","note":null,"count":100,"big":9007199254740993,
             "ratio":0.5,"flag":true,"tags":["a","b"],"error":{"message":"x"},"extra":{"anything":[1,2]}}
            """));
    }

    [Fact]
    public void Nullable_null_is_accepted_also_through_a_ref()
    {
        Assert.Empty(Validator.Validate(With(Good, "note", JValue.CreateNull()), "Thing"));
        Assert.Empty(Validator.Validate(With(Good, "error", JValue.CreateNull()), "Thing"));
        Assert.Empty(Validator.Validate(With(Good, "extra", JValue.CreateNull()), "Thing"));
    }

    [Fact]
    public void Null_where_not_nullable_is_rejected()
    {
        var errors = Validator.Validate(With(Good, "count", JValue.CreateNull()), "Thing");
        Assert.Equal("$.count: null is not allowed here (the schema is not nullable).", Assert.Single(errors));
        Assert.NotEmpty(Validator.Validate(JValue.CreateNull(), "Thing"));
    }

    [Theory]
    [InlineData("status", "5")]
    [InlineData("count", "\"5\"")]
    [InlineData("count", "5.5")]
    [InlineData("ratio", "\"0.5\"")]
    [InlineData("flag", "\"true\"")]
    [InlineData("tags", "\"a\"")]
    [InlineData("tags", "[1]")]
    [InlineData("error", "\"oops\"")]
    [InlineData("id", "{}")]
    public void A_wrong_type_is_rejected(string property, string valueJson)
    {
        var errors = Validator.Validate(With(Good, property, JToken.Parse(valueJson)), "Thing");
        Assert.Contains(errors, e => e.StartsWith("$." + property, StringComparison.Ordinal) && e.Contains("expected"));
    }

    [Fact]
    public void A_missing_required_property_is_rejected()
    {
        var errors = Check("""{"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02"}""");
        Assert.Equal("$: required property 'status' is missing.", Assert.Single(errors));
    }

    [Fact]
    public void An_unknown_property_is_rejected_also_when_nested()
    {
        Assert.Equal("$.stauts: unknown property 'stauts' (the schema does not define it).",
            Assert.Single(Validator.Validate(With(Good, "stauts", "OK"), "Thing")));
        Assert.Equal("$.error.mesage: unknown property 'mesage' (the schema does not define it).",
            Assert.Single(Validator.Validate(With(Good, "error", new JObject { ["mesage"] = "x" }), "Thing")));
    }

    [Theory]
    [InlineData("status", "\"DONE\"", "not one of the allowed values")]
    [InlineData("id", "\"not-a-uuid\"", "is not a uuid")]
    [InlineData("count", "101", "above the maximum")]
    [InlineData("count", "-1", "below the minimum")]
    [InlineData("count", "3000000000", "int32")]
    [InlineData("big", "9223372036854775808", "int64")]
    [InlineData("tags", "[\"a\",\"a\"]", "unique")]
    public void Enum_format_range_and_uniqueness_are_checked(string property, string valueJson, string expected)
    {
        var errors = Validator.Validate(With(Good, property, JToken.Parse(valueJson)), "Thing");
        Assert.Contains(errors, e => e.Contains(expected));
    }

    [Fact]
    public void AllOf_merges_the_parts_with_the_schemas_own_properties()
    {
        Assert.Empty(Check("""{"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02","status":"OK","count":1,"_meta":{"errors":[]}}""", "ThingEntity"));
        Assert.Contains("$._meta.errors[0]: expected a string, got the integer 1.",
            Check("""{"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02","status":"OK","_meta":{"errors":[1]}}""", "ThingEntity"));
        Assert.Contains("$._meta: unknown property '_meta' (the schema does not define it).",
            Check("""{"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02","status":"OK","_meta":{"errors":[]}}""", "Thing"));
        Assert.Contains("$: required property 'status' is missing.",
            Check("""{"id":"7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02"}""", "ThingEntity"));
    }

    [Fact]
    public void Strings_that_look_like_dates_stay_strings()
    {
        Assert.Empty(Validator.Validate(With(Good, "note", "2025-06-01T12:00:00Z"), "Thing"));
        Assert.Equal(JTokenType.String, OpenApiSchemaValidator.ParseJson("{\"d\":\"2025-06-01T12:00:00Z\"}")["d"]!.Type);
    }

    [Fact]
    public void Responses_are_looked_up_by_path_method_and_status()
    {
        var ok = Validator.GetResponse("/things/{id}", "GET", 200);
        Assert.True(ok.IsDocumented);
        Assert.Equal("#/components/schemas/ThingEntity", (string)ok.JsonSchema!["$ref"]!);
        var notFound = Validator.GetResponse("/things/{id}", "get", 404);
        Assert.True(notFound.IsDocumented);
        Assert.Null(notFound.JsonSchema);
        Assert.False(Validator.GetResponse("/things/{id}", "GET", 401).IsDocumented);
        Assert.Throws<KeyNotFoundException>(() => Validator.GetResponse("/nope", "GET", 200));
        Assert.Throws<KeyNotFoundException>(() => Validator.GetResponse("/things/{id}", "PUT", 200));
    }

    [Fact]
    public void Unsupported_keywords_and_unknown_schemas_fail_loudly()
    {
        Assert.Throws<NotSupportedException>(() => Check("\"x\"", "Weird"));
        Assert.Throws<KeyNotFoundException>(() => Check("{}", "Missing"));
    }

    [SpecFact]
    public void The_real_spec_rejects_a_task_with_a_wrong_status_and_a_misspelt_field()
    {
        var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
        var task = JObject.Parse("""{"id":"t-1","status":"SUCCESS","progress":100,"queued_time":1,"start_time":null,"error":null,"result":null}""");
        Assert.Empty(validator.Validate(task, "Task"));

        task["status"] = "DONE";
        task["complete_tme"] = 5;
        var errors = validator.Validate(task, "Task");
        Assert.Contains(errors, e => e.StartsWith("$.status:"));
        Assert.Contains(errors, e => e.StartsWith("$.complete_tme:"));
        Assert.NotEmpty(validator.Validate(JObject.Parse("""{"id":"t","status":"QUEUED","progress":null}"""), "Task"));
        Assert.NotEmpty(validator.Validate(JObject.Parse("""{"status":"QUEUED"}"""), "TaskDrResponseEntity"));
    }
}
