#Requires -Version 7.2
<#
.SYNOPSIS
Prints the figures of out/bench.json as a Markdown table (the one in docs/performance.md).
Each cell is "median (min-max)" over the runs; Ratio is SrmPairing's median over the baseline's.
#>
param([string] $Path = (Join-Path $PSScriptRoot '..' 'out' 'bench.json'))
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$r = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
$s = $r.Scenarios

function Cell($summary, [string] $format = 'n0') {
    if ($null -eq $summary) { return '-' }
    if ($summary.Runs -le 1 -or $summary.Min -eq $summary.Max) { return ("{0:$format}" -f $summary.Median) }
    ("{0:$format} ({1:$format}-{2:$format})" -f $summary.Median, $summary.Min, $summary.Max)
}
function Ratio($value) { if ($null -eq $value) { '-' } else { '{0:0.00}' -f $value } }
function Has([string] $key) { $null -ne $s.PSObject.Properties[$key] }

$rows = [System.Collections.Generic.List[string[]]]::new()
if (Has 'a') {
    $a = $s.a
    $sets = [System.Collections.Generic.List[object]]::new()
    if ($a.PSObject.Properties['ReadyToRun'] -and $a.ReadyToRun) { $sets.Add(@('ReadyToRun pwsh', $a.ReadyToRun)) }
    $sets.Add(@($(if ($sets.Count) { 'IL-only pwsh (dotnet tool)' } else { 'this pwsh' }), $a))
    $first = $true
    foreach ($set in $sets) {
        $label, $f = $set
        $rows.Add(@($(if ($first) { 'a. Import' } else { '' }), "$label`: fresh pwsh, wall ms", "$(Cell $f.Module) with ``Import-Module SrmPairing``", "$(Cell $f.Baseline) imports nothing", (Ratio $f.Ratio)))
        $rows.Add(@('', "$label`: added by the import, ms", ('{0:n0}' -f $f.AddedMs), '-', '-'))
        if ($f.PSObject.Properties['EmptyModule']) {
            $rows.Add(@('', "$label`: an empty script module adds, ms", '-', ('{0:n0}' -f $f.EmptyModuleAddedMs), '-'))
        }
        if ($f.PSObject.Properties['MinimalModule']) {
            $rows.Add(@('', "$label`: SrmPairing.dll under a two-key manifest adds, ms", '-', ('{0:n0}' -f $f.MinimalModuleAddedMs), '-'))
            $rows.Add(@('', "$label`: of the added, SrmPairing's manifest and formats, ms", ('{0:n0}' -f $f.ModuleOwnMs), '-', '-'))
        }
        $first = $false
    }
}
if (Has 'b') {
    $b = $s.b
    $rows.Add(@('b. Request overhead', "$($b.Calls) sequential GETs, wall ms", "$(Cell $b.Module) ``Get-SrmTask -Id``", "$(Cell $b.Baseline) ``Invoke-RestMethod``", (Ratio $b.Ratio)))
}
if (Has 'c') {
    $c = $s.c
    $rows.Add(@('c. Many tasks', "wait for $($c.Tasks) tasks of $($c.TaskDurationMs / 1000) s, wall ms", "$(Cell $c.Module.WaitMs) ``Wait-SrmTask``", "$(Cell $c.Baseline.WaitMs) hand-written loop", (Ratio $c.Ratio.WaitMs)))
    $rows.Add(@('', 'HTTP requests during the wait', (Cell $c.Module.Requests), (Cell $c.Baseline.Requests), (Ratio $c.Ratio.Requests)))
    $rows.Add(@('', '2 s poll rounds in the wait', (Cell $c.Module.PollRounds), (Cell $c.Baseline.PollRounds), '-'))
    $rows.Add(@('', 'last task ended -> wait returned, ms', (Cell $c.Module.ReturnLagMs), (Cell $c.Baseline.ReturnLagMs), '-'))
}
if (Has 'd') {
    $d = $s.d
    $rows.Add(@('d. Memory', 'pwsh working set, MB', "$(Cell $d.Module 'n1') peak during c", "$(Cell $d.Baseline 'n1') idle after import", (Ratio $d.Ratio)))
    $rows.Add(@('', 'peak above idle, MB', (Cell $d.PeakAboveIdleMB 'n1'), "$(Cell $d.HandLoopPeakAboveIdleMB 'n1') (hand-written loop)", '-'))
}
if (Has 'e') {
    $e = $s.e
    $rows.Add(@('e. Bulk creation', "HTTP requests for a CSV of $($e.Rows) sites", "$(Cell $e.Module) ``New-SrmPairing``", "$(Cell $e.Baseline) hand-written loop", (Ratio $e.Ratio)))
}
if (Has 'f') {
    $first = $true
    foreach ($bm in @($s.f.Benchmarks | Where-Object { -not $_.Baseline })) {
        $base = $s.f.Benchmarks | Where-Object { $_.Category -eq $bm.Category -and $_.Baseline } | Select-Object -First 1
        $mine = '{0:n0} ns, {1:n0} B' -f $bm.MeanNs, $bm.AllocatedBytes
        $theirs = if ($base) { '{0:n0} ns, {1:n0} B {2}' -f $base.MeanNs, $base.AllocatedBytes, $base.Method } else { '-' }
        $rows.Add(@($(if ($first) { 'f. Client core' } else { '' }), "$($bm.Category): $($bm.Method), mean", $mine, $theirs, (Ratio $bm.Ratio)))
        $first = $false
    }
}

$header = @('Scenario', 'Measure', 'SrmPairing', 'Baseline', 'Ratio')
$lines = @(('| ' + ($header -join ' | ') + ' |'), ('|' + (($header | ForEach-Object { '---' }) -join '|') + '|'))
foreach ($row in $rows) { $lines += '| ' + ($row -join ' | ') + ' |' }
$lines -join [Environment]::NewLine
