#Requires -Version 7.2
<#
.SYNOPSIS
Checks the figures in out/bench.json against the performance targets; prints PASS or FAIL per target.

.DESCRIPTION
Timed targets (a, b) are checked on the median of the runs; targets that the design guarantees whatever the noise
(c, d, e) on the worst run. The exit code is the number of failed targets (0 when all pass); a target whose figures
are missing fails.

  a  Import-Module SrmPairing adds at most 100 ms to a fresh pwsh. When the pwsh that ran the benchmark is the IL-only
     `PowerShell` dotnet tool, judged on the ReadyToRun copy of it that the benchmark measured as well (the way
     PowerShell's own packages ship); the IL-only figure is printed beside it.
  b  1,000 Get-SrmTask calls are no slower than 1,000 Invoke-RestMethod calls (ratio at most 1.0).
  c  Wait-SrmTask on 200 tasks returns within one poll interval plus 0.5 s of the last task's end, and makes at
     most one request per 2 s poll round that fits in the wait plus 3, not a number that grows with the tasks.
  d  The pwsh process peaks at most 50 MB above its working set idle after import during c.
  e  A CSV of 50 sites piped to New-SrmPairing makes at most 50 + 2 requests.
#>
param([string] $Path = (Join-Path $PSScriptRoot '..' 'out' 'bench.json'))
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$failed = 0
function Report([string] $Id, [string] $Target, [bool] $Pass, [string] $Measured) {
    $word = if ($Pass) { 'PASS' } else { 'FAIL' }
    Write-Host ('{0}  {1,-2} {2} (measured: {3})' -f $word, $Id, $Target, $Measured) -ForegroundColor $(if ($Pass) { 'Green' } else { 'Red' })
    if (-not $Pass) { $script:failed++ }
}
function Get-Scenario([string] $Key) {
    $p = $script:bench.Scenarios.PSObject.Properties[$Key]
    if ($p) { $p.Value } else { $null }
}

if (-not (Test-Path -LiteralPath $Path)) {
    Write-Host "FAIL  no figures: '$Path' does not exist (run 'dotnet pwsh ./build.ps1 bench')." -ForegroundColor Red
    exit 1
}
$bench = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json

$a = Get-Scenario 'a'
if ($a) {
    # When this pwsh is the IL-only dotnet tool, the target is judged on the same pwsh compiled as PowerShell's
    # packages are, and the IL-only figure is printed beside it.
    $onReadyToRun = $a.PSObject.Properties['JudgedOn'] -and $a.JudgedOn -eq 'ReadyToRun'
    $f = if ($onReadyToRun) { $a.ReadyToRun } else { $a }
    $label = if ($onReadyToRun) { ' (ReadyToRun pwsh, as PowerShell ships it)' } else { '' }
    Report 'a' "Import adds at most 100 ms$label" ($f.AddedMs -le 100) ('{0:n0} ms (median {1:n0} vs {2:n0} ms)' -f $f.AddedMs, $f.Module.Median, $f.Baseline.Median)
    if ($onReadyToRun) {
        Write-Host ('      on this IL-only pwsh: {0:n0} ms (median {1:n0} vs {2:n0} ms), of which {3:n0} ms any binary module with a manifest costs there' -f
            $a.AddedMs, $a.Module.Median, $a.Baseline.Median, $a.MinimalModuleAddedMs)
    }
} else { Report 'a' 'Import adds at most 100 ms' $false 'no figures' }

$b = Get-Scenario 'b'
if ($b) { Report 'b' 'Get-SrmTask / Invoke-RestMethod wall time at most 1.0' ($b.Ratio -le 1.0) ('{0:0.00} ({1:n0} vs {2:n0} ms)' -f $b.Ratio, $b.Module.Median, $b.Baseline.Median) }
else { Report 'b' 'Get-SrmTask / Invoke-RestMethod wall time at most 1.0' $false 'no figures' }

$c = Get-Scenario 'c'
if ($c) {
    $limit = $c.PollIntervalMs + 500
    Report 'c' "Wait-SrmTask returns within $($limit) ms of the last task's end" ($c.Module.ReturnLagMs.Max -le $limit) `
        ('worst {0:n0} ms, median {1:n0} ms' -f $c.Module.ReturnLagMs.Max, $c.Module.ReturnLagMs.Median)
    $excess = $c.Module.ExcessRequests.Max
    Report 'c' "Wait-SrmTask requests at most poll rounds + 3 for $($c.Tasks) tasks" ($excess -le 3 -and $c.Module.Requests.Max -lt $c.Tasks) `
        ('worst {0} requests beyond the rounds; {1} requests in {2} rounds (hand-written loop: {3})' -f $excess, $c.Module.Requests.Median, $c.Module.PollRounds.Median, $c.Baseline.Requests.Median)
} else {
    Report 'c' 'Wait-SrmTask return time and requests' $false 'no figures'
}

$d = Get-Scenario 'd'
if ($d) { Report 'd' 'Peak working set at most 50 MB above idle' ($d.PeakAboveIdleMB.Max -le 50) ('worst {0:n1} MB, median {1:n1} MB above {2:n1} MB idle' -f $d.PeakAboveIdleMB.Max, $d.PeakAboveIdleMB.Median, $d.Baseline.Median) }
else { Report 'd' 'Peak working set at most 50 MB above idle' $false 'no figures' }

$e = Get-Scenario 'e'
if ($e) { Report 'e' "At most $($e.Rows) + 2 requests for $($e.Rows) rows" ($e.Module.Max -le $e.Rows + 2) ('worst {0}, hand-written loop {1}' -f $e.Module.Max, $e.Baseline.Median) }
else { Report 'e' 'At most 50 + 2 requests for 50 rows' $false 'no figures' }

if ($failed) { Write-Host "$failed target(s) missed." -ForegroundColor Red } else { Write-Host 'All targets met.' -ForegroundColor Green }
exit $failed
