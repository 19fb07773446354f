using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Tests.Shared;

namespace Srm.Client.Tests
{
    public class PairingSpecTests
    {
        private static JObject Body(PairingSpec spec) => JObject.Parse(Encoding.UTF8.GetString(spec.ToJsonBytes()));

        [Fact]
        public void A_complete_spec_has_no_problems()
        {
            Assert.Empty(TestData.Spec().Validate());
            Assert.Empty(TestData.Spec(thumbprint: "AA", srmUrl: "https://srm-b", srmThumbprint: "BB").Validate());
        }

        [Fact]
        public void Default_port_is_443()
        {
            Assert.Equal(443, new PairingSpec().PscPort);
        }

        [Theory]
        [InlineData("url")]
        [InlineData("port-low")]
        [InlineData("port-high")]
        [InlineData("vcguid")]
        [InlineData("credential")]
        [InlineData("blank-thumbprint")]
        [InlineData("srm-url-only")]
        [InlineData("srm-thumbprint-only")]
        public void Each_problem_is_reported(string problem)
        {
            var spec = TestData.Spec();
            string expected;
            switch (problem)
            {
                case "url": spec.PscUrl = "  "; expected = "(url)"; break;
                case "port-low": spec.PscPort = 0; expected = "(port)"; break;
                case "port-high": spec.PscPort = 65536; expected = "(port)"; break;
                case "vcguid": spec.VcGuid = null; expected = "pair_vc_guid"; break;
                case "credential": spec.PscCredential = null; expected = "credential"; break;
                case "blank-thumbprint": spec.PscThumbprint = " "; expected = "(thumbprint)"; break;
                case "srm-url-only": spec.SrmUrl = "https://srm-b"; expected = "without the remote SRM thumbprint"; break;
                default: spec.SrmThumbprint = "AA:BB"; expected = "without the remote SRM URL"; break;
            }

            var problems = spec.Validate();

            Assert.Contains(expected, Assert.Single(problems));
            Assert.Throws<InvalidOperationException>(() => spec.ToJsonBytes());
        }

        [Fact]
        public void An_empty_spec_reports_every_missing_part()
        {
            Assert.Equal(3, new PairingSpec().Validate().Count);
        }

        [Fact]
        public void Json_has_the_wire_names_and_explicit_nulls()
        {
            var body = Body(TestData.Spec());

            Assert.Equal(new[] { "pair_psc_info", "pair_vc_guid", "pair_srm_thumbprint", "pair_srm_url" }, body.Properties().Select(p => p.Name));
            var psc = (JObject)body["pair_psc_info"]!;
            Assert.Equal(new[] { "url", "port", "thumbprint", "username", "password" }, psc.Properties().Select(p => p.Name));
            Assert.Equal(JTokenType.Integer, psc["port"]!.Type);
            Assert.Equal(JTokenType.Null, psc["thumbprint"]!.Type);
            Assert.Equal(TestData.RemotePassword, (string?)psc["password"]);
            Assert.Equal(JTokenType.Null, body["pair_srm_thumbprint"]!.Type);
            Assert.Equal(JTokenType.Null, body["pair_srm_url"]!.Type);
        }

        [Fact]
        public void Json_trims_values_and_escapes_special_characters()
        {
            var spec = TestData.Spec(thumbprint: " AA:BB ", srmUrl: " https://srm-b ", srmThumbprint: " CC ");
            spec.PscUrl = "  vc-b.example.com ";
            spec.VcGuid = " 9a8b ";
            spec.PscCredential = new SrmCredential("user\"x", TestData.Secure("p\"w\\n\u00e9"));

            var body = Body(spec);

            Assert.Equal("vc-b.example.com", (string?)body["pair_psc_info"]!["url"]);
            Assert.Equal("AA:BB", (string?)body["pair_psc_info"]!["thumbprint"]);
            Assert.Equal("user\"x", (string?)body["pair_psc_info"]!["username"]);
            Assert.Equal("p\"w\\n\u00e9", (string?)body["pair_psc_info"]!["password"]);
            Assert.Equal("9a8b", (string?)body["pair_vc_guid"]);
            Assert.Equal("https://srm-b", (string?)body["pair_srm_url"]);
            Assert.Equal("CC", (string?)body["pair_srm_thumbprint"]);
        }

        [Fact]
        public void Json_is_utf8_without_a_byte_order_mark()
        {
            var bytes = TestData.Spec().ToJsonBytes();

            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal((byte)'{', bytes[0]);
        }

        [Fact]
        public void ToString_leaves_the_password_and_user_out()
        {
            var text = TestData.Spec(srmUrl: "https://srm-b", srmThumbprint: "AA").ToString();

            Assert.Contains("9a8b7c6d-1111-2222-3333-444455556666", text);
            Assert.Contains("vc-b.example.com:443", text);
            Assert.Contains("https://srm-b", text);
            Assert.DoesNotContain(TestData.RemotePassword, text);
        }

        [SpecFact]
        public void Json_validates_against_the_spec_PairingSpec_schema()
        {
            var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);

            foreach (var spec in new[]
            {
                TestData.Spec(),
                TestData.Spec(thumbprint: "AA:BB:CC", srmUrl: "https://srm-b.example.com", srmThumbprint: "DD:EE"),
            })
            {
                var body = OpenApiSchemaValidator.ParseJson(Encoding.UTF8.GetString(spec.ToJsonBytes()));
                var errors = validator.Validate(body, "PairingSpec");
                Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
            }
        }

        [SpecFact]
        public async Task Sent_body_validates_against_the_request_schema_of_POST_pairings()
        {
            var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
            var handler = new FakeSrmHandler();
            using var client = await TestData.LoggedInClient(handler);
            handler.Enqueue(HttpStatusCode.OK, TestData.TaskJson("pair-task-1", "QUEUED"));

            await client.CreatePairingAsync(TestData.Spec(), CancellationToken.None);

            var schema = validator.GetRequestBodySchema("/pairings", "post");
            Assert.NotNull(schema);
            var errors = validator.Validate(OpenApiSchemaValidator.ParseJson(handler.Requests[1].Body!), schema);
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        }

        [SpecFact]
        public void The_schema_check_catches_a_misspelt_field()
        {
            // Guards the check above: the validator must actually look at our property names.
            var validator = OpenApiSchemaValidator.Load(SpecFile.Path!);
            var body = Body(TestData.Spec());
            body["pair_vc_uuid"] = body["pair_vc_guid"];
            body.Remove("pair_vc_guid");

            Assert.NotEmpty(validator.Validate(body, "PairingSpec"));
        }
    }
}
