using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Srm.Benchmarks;

public static class Program
{
    /// <summary>The figures bench/Invoke-Benchmark.ps1 folds into out/bench.json, next to BenchmarkDotNet's reports.</summary>
    public const string SummaryFileName = "srmpairing-benchmarks.json";

    /// <summary>
    /// A short run (1 launch, 3 warm-up and 3 measured iterations) in this process, so that scenario f takes
    /// seconds, not minutes, of the whole benchmark; allocations per operation come from the MemoryDiagnoser.
    /// Arguments are BenchmarkDotNet's own (--filter, --artifacts, ...).
    /// </summary>
    public static int Main(string[] args)
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(JsonExporter.FullCompressed)
            .AddColumn(CategoriesColumn.Default)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithOptions(ConfigOptions.DisableLogFile);
        // Every benchmark of this assembly; no --filter (a bare * would meet shell globbing on the way here).
        var summaries = BenchmarkRunner.Run(typeof(Program).Assembly, config, args).ToList();
        foreach (var summary in summaries)
        {
            WriteSummary(summary);
        }

        return summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>Per benchmark: its category, whether it is the category's baseline, times in ns and bytes allocated per operation.</summary>
    private static void WriteSummary(Summary summary)
    {
        var rows = summary.Reports.Where(r => r.ResultStatistics != null).Select(r => new
        {
            Category = r.BenchmarkCase.Descriptor.Categories.FirstOrDefault(),
            Method = r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            Baseline = r.BenchmarkCase.Descriptor.Baseline,
            MeanNs = Math.Round(r.ResultStatistics!.Mean, 1),
            MedianNs = Math.Round(r.ResultStatistics.Median, 1),
            MinNs = Math.Round(r.ResultStatistics.Min, 1),
            MaxNs = Math.Round(r.ResultStatistics.Max, 1),
            Iterations = r.ResultStatistics.N,
            AllocatedBytes = r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase),
        }).ToList();
        var path = Path.Combine(summary.ResultsDirectoryPath, SummaryFileName);
        File.WriteAllText(path, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
    }
}
