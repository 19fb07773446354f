using System.Security;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Srm.Client.Http;
using Srm.Client.Models;
using Srm.Client.Wire;

namespace Srm.Benchmarks;

/// <summary>
/// What the client does with every task it reads and every pairing it starts: JSON text to typed SrmTask objects
/// (GET /tasks/{id}, and GET /tasks with 200 tasks as one wait round reads them), and a PairingSpec to the UTF-8
/// body of POST /pairings. Each category's baseline is the generic way: parse into a JObject DOM (what
/// ConvertFrom-Json builds on) and serialize an anonymous object with JsonConvert.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClientCoreBenchmarks
{
    private const string OneTask = "Task JSON, 1 task";
    private const string ManyTasks = "Task JSON, 200 tasks";
    private const string Spec = "PairingSpec JSON";

    private string _taskBody = null!;
    private string _taskListBody = null!;
    private PairingSpec _spec = null!;
    private string _password = null!;

    [GlobalSetup]
    public void Setup()
    {
        _taskBody = TaskJson(1, "RUNNING", 40);
        _taskListBody = "{\"list\":[" + string.Join(",", Enumerable.Range(1, 200).Select(i => TaskJson(i, i % 3 == 0 ? "SUCCESS" : "RUNNING", i % 100))) +
                        "],\"_meta\":{\"total\":200,\"offset\":0,\"limit\":200}}";
        _password = "VMware1!";
        var secure = new SecureString();
        foreach (var c in _password)
        {
            secure.AppendChar(c);
        }

        _spec = new PairingSpec
        {
            PscUrl = "vc-b.example.com",
            PscPort = 443,
            PscThumbprint = "3B:96:2F:1C:8D:44:A0:7E:55:C2:19:6B:E8:0D:73:F4:A1:2C:9E:58",
            PscCredential = new SrmCredential("administrator@vsphere.local", secure),
            VcGuid = "7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02",
            SrmUrl = "srm-b.example.com",
            SrmThumbprint = "0E:3E:3C:7A:9E:2D:09:EE:03:F8:EC:86:A7:57:40:6C:21:C4:6A:90",
        };
    }

    // ---- one task (GET /tasks/{id}) ----

    [Benchmark(Baseline = true), BenchmarkCategory(OneTask)]
    public JObject ParseTaskDom() => JObject.Parse(_taskBody);

    [Benchmark, BenchmarkCategory(OneTask)]
    public SrmTask ParseTask() => WireMapper.ToTask(SrmJson.Deserialize<TaskData>(_taskBody)!, null);

    // ---- 200 tasks (GET /tasks?filter_property=id&filter=...) ----

    [Benchmark(Baseline = true), BenchmarkCategory(ManyTasks)]
    public JObject ParseTaskListDom() => JObject.Parse(_taskListBody);

    [Benchmark, BenchmarkCategory(ManyTasks)]
    public List<SrmTask> ParseTaskList() =>
        SrmJson.Deserialize<TaskList>(_taskListBody)!.List!.Select(t => WireMapper.ToTask(t, null)).ToList();

    // ---- POST /pairings body ----

    [Benchmark(Baseline = true), BenchmarkCategory(Spec)]
    public byte[] SerializeSpecAnonymous() => Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(new
    {
        pair_psc_info = new { url = _spec.PscUrl, port = _spec.PscPort, thumbprint = _spec.PscThumbprint, username = "administrator@vsphere.local", password = _password },
        pair_vc_guid = _spec.VcGuid,
        pair_srm_thumbprint = _spec.SrmThumbprint,
        pair_srm_url = _spec.SrmUrl,
    }));

    [Benchmark, BenchmarkCategory(Spec)]
    public byte[] SerializeSpec() => _spec.ToJsonBytes();

    private static string TaskJson(int n, string status, int progress)
    {
        var final = status is "SUCCESS" or "ERROR" or "CANCELLED";
        return "{\"id\":\"pairing-task-" + n + "\",\"description\":\"Pair with vCenter Server 'vc-" + n.ToString("d4") + ".bench.example'\"," +
               "\"description_id\":\"com.vmware.dr.pairing.pairSite\",\"entity\":\"srm-a.example.com\",\"entity_name\":\"srm-a.example.com\"," +
               "\"status\":\"" + status + "\",\"error\":null,\"result\":" + (final ? "{\"pairing_id\":\"pairing-" + n + "\"}" : "null") + "," +
               "\"progress\":" + (final ? 100 : progress) + ",\"queued_time\":1764240000000,\"start_time\":1764240000100," +
               "\"complete_time\":" + (final ? "1764240003000" : "null") + "}";
    }
}
