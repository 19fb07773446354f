using Newtonsoft.Json.Linq;
using Srm.Tests.Shared;

namespace Srm.Client.Tests
{
    /// <summary>
    /// <see cref="StatusTable"/> against the OpenAPI spec: its operations exist there, it has every status the spec
    /// lists for them (with the same body schema), and its schema-valid bodies are valid.
    /// </summary>
    public class SpecStatusCoverageTests
    {
        [SpecFact]
        public void Every_operation_of_the_table_is_in_the_spec_with_exactly_its_statuses()
        {
            var spec = OpenApiSchemaValidator.Load(SpecFile.Path!).Document;
            var wrong = new List<string>();
            foreach (var operation in StatusTable.Operations)
            {
                if (spec["paths"]?[operation.SpecPath]?[operation.Method.ToLowerInvariant()]?["responses"] is not JObject responses)
                {
                    wrong.Add($"{operation.Name}: the spec has no {operation.Method} {operation.SpecPath}");
                    continue;
                }

                foreach (var response in responses.Properties())
                {
                    var status = int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture);
                    var schema = SchemaName(response.Value);
                    if (!operation.SpecResponses.TryGetValue(status, out var recorded))
                    {
                        wrong.Add($"{operation.Name}: the spec lists {status}, the table does not");
                    }
                    else if (recorded != schema)
                    {
                        wrong.Add($"{operation.Name} {status}: the spec's body is {schema ?? "none"}, the table says {recorded ?? "none"}");
                    }

                    if (!StatusTable.Cases.Any(c => c.Operation == operation && c.Status == status))
                    {
                        wrong.Add($"{operation.Name}: no row for {status}, which the spec lists");
                    }
                }

                foreach (var status in operation.SpecResponses.Keys.Where(s => responses[s.ToString(System.Globalization.CultureInfo.InvariantCulture)] == null))
                {
                    wrong.Add($"{operation.Name}: the table says the spec lists {status}; it does not");
                }
            }

            Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        }

        [SpecFact]
        public void The_bodies_meant_to_be_valid_match_the_spec_schema_of_their_status()
        {
            var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
            var wrong = new List<string>();
            var checkedBodies = 0;
            foreach (var row in StatusTable.Cases.Where(c => c.Body.IsSchemaValid))
            {
                var response = validator.GetResponse(row.Operation.SpecPath, row.Operation.Method, row.Status);
                if (!response.IsDocumented || response.JsonSchema == null)
                {
                    wrong.Add($"{row.Name}: the spec gives {row.Status} no body; mark the body as a deviation");
                    continue;
                }

                var errors = validator.Validate(OpenApiSchemaValidator.ParseJson(row.Body.Text!), response.JsonSchema);
                wrong.AddRange(errors.Select(e => $"{row.Name}: {e}"));
                checkedBodies++;
            }

            Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong.Distinct()));
            Assert.True(checkedBodies > 50, $"Only {checkedBodies} bodies were checked.");
        }

        [SpecFact]
        public void The_deviating_bodies_do_deviate()
        {
            // Guards the check above: a body marked as a deviation that the schema accepts is marked wrongly, and the
            // validator must refuse the deviations it is told about (a bare string result, _meta on a Task).
            var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
            foreach (var row in StatusTable.Cases.Where(c => c.Body.Deviation != null && c.Operation.SpecResponses.ContainsKey(c.Status)))
            {
                var schema = validator.GetResponse(row.Operation.SpecPath, row.Operation.Method, row.Status).JsonSchema;
                Assert.NotNull(schema);
                Assert.True(validator.Validate(OpenApiSchemaValidator.ParseJson(row.Body.Text!), schema).Count > 0,
                    $"{row.Name} is marked as deviating ({row.Body.Deviation}) but matches the spec.");
            }
        }

        private static string? SchemaName(JToken response)
        {
            var reference = (string?)response["content"]?["application/json"]?["schema"]?["$ref"];
            return reference?.Substring(reference.LastIndexOf('/') + 1);
        }
    }
}
