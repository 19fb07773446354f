using System.Net;
using Newtonsoft.Json.Linq;

namespace Srm.Simulator.Tests;

/// <summary>A malformed PairingSpec is a 400 ResponseError naming the field; no task is made.</summary>
public sealed class PairingSpecValidationTests(SharedSimulator shared) : IClassFixture<SharedSimulator>
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string body, string field, string name) => data.Add(name, body, field);
        string Spec(Action<JObject> change) => PairingSpecs.Valid().With(change).ToString();
        JObject Psc(JObject s) => (JObject)s["pair_psc_info"]!;

        Add("this is not json", "JSON", "not JSON");
        Add("{\"pair_vc_guid\": ", "JSON", "truncated JSON");
        Add("", "empty", "empty body");
        Add("[]", "PairingSpec", "an array");
        Add("\"text\"", "PairingSpec", "a string");
        Add(Spec(s => s.Remove("pair_psc_info")), "pair_psc_info", "missing pair_psc_info");
        Add(Spec(s => s["pair_psc_info"] = null), "pair_psc_info", "null pair_psc_info");
        Add(Spec(s => s["pair_psc_info"] = "vc-b.example.com"), "pair_psc_info", "pair_psc_info a string");
        Add(Spec(s => s.Remove("pair_vc_guid")), "pair_vc_guid", "missing pair_vc_guid");
        Add(Spec(s => s["pair_vc_guid"] = 42), "pair_vc_guid", "pair_vc_guid a number");
        Add(Spec(s => s["pair_vc_guid"] = "   "), "pair_vc_guid", "blank pair_vc_guid");
        Add(Spec(s => Psc(s).Remove("url")), "pair_psc_info.url", "missing url");
        Add(Spec(s => Psc(s)["url"] = ""), "pair_psc_info.url", "empty url");
        Add(Spec(s => Psc(s)["url"] = true), "pair_psc_info.url", "url a boolean");
        Add(Spec(s => Psc(s)["url"] = "https://vc-b.example.com/ui/?locale=en"), "pair_psc_info.url", "url with a path and a query");
        Add(Spec(s => Psc(s)["url"] = "https://vc-b.example.com/sdk"), "pair_psc_info.url", "url with a path");
        Add(Spec(s => Psc(s)["url"] = "vc-b.example.com?x=1"), "pair_psc_info.url", "url with a query");
        Add(Spec(s => Psc(s).Remove("port")), "pair_psc_info.port", "missing port");
        Add(Spec(s => Psc(s)["port"] = "443"), "pair_psc_info.port", "port a string");
        Add(Spec(s => Psc(s)["port"] = 443.5), "pair_psc_info.port", "port a fraction");
        Add(Spec(s => Psc(s)["port"] = 0), "pair_psc_info.port", "port 0");
        Add(Spec(s => Psc(s)["port"] = 65536), "pair_psc_info.port", "port 65536");
        Add(Spec(s => Psc(s).Remove("username")), "pair_psc_info.username", "missing username");
        Add(Spec(s => Psc(s)["username"] = " "), "pair_psc_info.username", "blank username");
        Add(Spec(s => Psc(s).Remove("password")), "pair_psc_info.password", "missing password");
        Add(Spec(s => Psc(s)["password"] = null), "pair_psc_info.password", "null password");
        Add(Spec(s => Psc(s)["password"] = new JArray()), "pair_psc_info.password", "password an array");
        Add(Spec(s => Psc(s)["thumbprint"] = 12), "pair_psc_info.thumbprint", "thumbprint a number");
        Add(Spec(s => Psc(s)["thumbprint"] = ""), "pair_psc_info.thumbprint", "empty thumbprint");
        Add(Spec(s => s["pair_srm_url"] = "srm-b.example.com"), "pair_srm_thumbprint", "srm url without thumbprint");
        Add(Spec(s => { s["pair_srm_url"] = null; s["pair_srm_thumbprint"] = PairingSpecs.SiteB.SrmThumbprint; }), "pair_srm_url", "srm thumbprint with null url");
        Add(Spec(s => { s["pair_srm_url"] = "  "; s["pair_srm_thumbprint"] = PairingSpecs.SiteB.SrmThumbprint; }), "pair_srm_url", "blank srm url");
        Add(Spec(s => { s["pair_srm_url"] = "srm-b.example.com"; s["pair_srm_thumbprint"] = ""; }), "pair_srm_thumbprint", "empty srm thumbprint");
        Add(Spec(s => { s["pair_srm_url"] = 1; s["pair_srm_thumbprint"] = "x"; }), "pair_srm_url", "srm url a number");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_malformed_spec_is_a_400_response_error_naming_the_problem(string name, string body, string expectedInMessage)
    {
        var sim = shared.Sim;
        var session = shared.Session;
        var tasksBefore = sim.State.GetTasks().Count;

        var first = await sim.CallAsync(HttpMethod.Post, "/pairings", session, body);
        var second = await sim.CallAsync(HttpMethod.Post, "/pairings", session, body);

        Assert.True(first.Status == HttpStatusCode.BadRequest, $"{name}: {(int)first.Status} {first.Body}");
        var error1 = JObject.Parse(first.Body);
        var error2 = JObject.Parse(second.Body);
        Assert.Equal("INVALID_PAIRING_SPEC", (string)error1["error_code"]!);
        Assert.Contains(expectedInMessage, (string)error1["message"]!);
        Assert.DoesNotContain("VMware1!", (string)error1["message"]!);
        Assert.True(Guid.TryParse((string)error1["op_id"]!, out var op1), name);
        Assert.True(Guid.TryParse((string)error2["op_id"]!, out var op2), name);
        Assert.NotEqual(op1, op2);
        Assert.Equal(tasksBefore, sim.State.GetTasks().Count);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_sent_as_json_is_a_400(string contentType)
    {
        var sim = shared.Sim;
        var session = shared.Session;
        var (status, body) = await sim.CallAsync(HttpMethod.Post, "/pairings", session, PairingSpecs.Valid().ToString(), contentType);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JObject.Parse(body);
        Assert.Equal("BAD_REQUEST", (string)error["error_code"]!);
        Assert.Contains("application/json", (string)error["message"]!);
        Assert.True(Guid.TryParse((string)error["op_id"]!, out _));
    }

    [Fact]
    public async Task Json_with_a_charset_and_unknown_extra_fields_is_accepted()
    {
        await using var sim = await TestSimulator.StartAsync();
        var session = await sim.LoginAsync();
        var spec = PairingSpecs.Valid().With(s => s["something_new"] = "ignored");
        var (status, _) = await sim.CallAsync(HttpMethod.Post, "/pairings", session, spec.ToString(), "application/json");
        Assert.Equal(HttpStatusCode.Accepted, status);
    }
}
