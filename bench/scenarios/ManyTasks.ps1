#Requires -Version 7.2
<#
Scenarios c and d, run in a fresh pwsh against a fresh simulator.

Both modes start -TaskCount pairing tasks at once with New-SrmPairing on a connection whose client-side limit is off
(the setup, not measured), then wait for all of them and write to -ResultPath:
  - the wall time of the wait, the API requests the simulator counted during it (by endpoint),
  - the time between the last task finishing on the server (max complete_time) and the wait returning,
  - the working set of this process idle after import, and its peak from then to the end of the wait.

  -Mode Module    Wait-SrmTask -Id <all ids> on a second connection opened with the module's defaults (its own
                  session, 50 requests a minute client-side limit, 2 s poll interval), as a runbook would.
  -Mode HandLoop  what users write today: their own session via Invoke-RestMethod, then for each pending task
                  GET /tasks/{id}, every 2 seconds, until every task is final.
#>
param(
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [ValidateSet('Module', 'HandLoop')] [string] $Mode,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string] $Thumbprint,
    [Parameter(Mandatory)] [int] $Port,
    [int] $TaskCount = 200,
    [int] $PollIntervalSec = 2
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'BenchCommon.psm1')
Import-Module SrmPairing

$self = [System.Diagnostics.Process]::GetCurrentProcess()
function Get-Rss { $self.Refresh(); $self.WorkingSet64 }

# Idle after import: settle, then read the working set; then restart the kernel's peak (VmHWM) from here.
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
Start-Sleep -Milliseconds 500
$idle = Get-Rss
$peakReset = $false
if ($IsLinux) {
    try { [System.IO.File]::WriteAllText('/proc/self/clear_refs', '5'); $peakReset = $true } catch { }
}

$cred = Get-BenchCredential
$baseUrl = "https://$Server/api/rest/srm/v2"

# ---- setup: the tasks, all started at once ----
$creator = Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint -MaxRequestsPerMinute 0 -NotDefault
$created = @(Get-BenchSiteRows -Count $TaskCount | New-SrmPairing -Connection $creator -RemoteCredential $cred)
if ($created.Count -ne $TaskCount) { throw "Only $($created.Count) of $TaskCount pairing tasks were started." }
$ids = @($created.Id)

# ---- the wait ----
if ($Mode -eq 'Module') {
    $waiter = Connect-SrmServer -Server $Server -Credential $cred -CertificateThumbprint $Thumbprint -NotDefault
    $before = Get-BenchSimulatorStats -Port $Port
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $done = @(Wait-SrmTask -Id $ids -Connection $waiter)
    $elapsed = $clock.Elapsed
    $returnedAt = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $rounds = $null   # not visible from outside the cmdlet
    $finished = $done.Count
} else {
    $rest = Connect-BenchRest -BaseUrl $baseUrl
    $headers = $rest.Headers
    $ws = $rest.WebSession
    $before = Get-BenchSimulatorStats -Port $Port
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $pending = [System.Collections.Generic.List[string]]::new([string[]] $ids)
    $results = [System.Collections.Generic.List[object]]::new()
    $rounds = 0
    while ($pending.Count -gt 0) {
        $rounds++
        foreach ($id in @($pending)) {
            $t = Invoke-RestMethod -Uri "$baseUrl/tasks/$id" -Headers $headers -WebSession $ws -SkipCertificateCheck -NoProxy
            if ($t.status -in 'SUCCESS', 'ERROR', 'CANCELLED') {
                [void] $pending.Remove($id)
                $results.Add($t)
            }
        }
        if ($pending.Count -gt 0) { Start-Sleep -Seconds $PollIntervalSec }
    }
    $elapsed = $clock.Elapsed
    $returnedAt = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    $finished = $results.Count
}
$after = Get-BenchSimulatorStats -Port $Port
$self.Refresh()
$peak = $self.PeakWorkingSet64
$end = Get-Rss

# ---- what the server says: when did the last task finish? (after the counters were read) ----
$final = @(Get-SrmTask -Id $ids -Connection $creator)
$lastEnd = ($final | ForEach-Object { $_.CompleteTime.ToUnixTimeMilliseconds() } | Measure-Object -Maximum).Maximum
$statuses = $final | Group-Object Status | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }
Disconnect-SrmServer -Connection $creator
if ($Mode -eq 'Module') { Disconnect-SrmServer -Connection $waiter }

$delta = Get-BenchRequestDelta -Before $before -After $after
Write-BenchResult -Path $ResultPath -Value ([ordered]@{
        Mode              = $Mode
        Tasks             = $TaskCount
        Finished          = $finished
        Statuses          = $statuses -join ', '
        WaitMs            = [math]::Round($elapsed.TotalMilliseconds, 1)
        Requests          = $delta.Total
        RequestsBy        = $delta.ByEndpoint
        HandLoopRounds    = $rounds
        PollIntervalMs    = $PollIntervalSec * 1000
        # The most 2-second polls that fit in the wait: one at the start, then one per interval.
        PollRounds        = [math]::Floor($elapsed.TotalMilliseconds / ($PollIntervalSec * 1000)) + 1
        LastTaskEndMs     = $lastEnd
        ReturnedMs        = $returnedAt
        ReturnLagMs       = $returnedAt - $lastEnd
        IdleWorkingSet    = $idle
        PeakWorkingSet    = $peak
        EndWorkingSet     = $end
        PeakResetAtIdle   = $peakReset
    })
