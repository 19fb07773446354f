#Requires -Version 7.2
<#
.SYNOPSIS
Measures SrmPairing against what users write today, side by side in one run, and checks the targets.

.DESCRIPTION
Run by `dotnet pwsh ./build.ps1 bench` after the build (it expects out/SrmPairing and out/SrmPairing.Simulator).
The built module and simulator are copied to out/bench first, so a build running meanwhile cannot change them.
Every measured PowerShell runs in a fresh child pwsh (bench/scenarios/*.ps1), every scenario against its own
simulator (rate limiter off, task durations set here):

  a  Import-Module SrmPairing in a fresh pwsh vs a fresh pwsh that imports nothing (wall time of the process)
  b  1,000 Get-SrmTask -Id vs 1,000 Invoke-RestMethod (same URL and header, one -WebSession)
  c  Wait-SrmTask on 200 pairing tasks of 3 s vs the hand-written per-task GET /tasks/{id} loop
  d  peak working set of the pwsh process during c vs the same process idle after import
  e  a CSV of 50 sites piped to New-SrmPairing vs a hand-written loop (GET /pairings + POST /pairings per row)
  f  BenchmarkDotNet: Task JSON parsing and PairingSpec serialization in SrmPairing.Client (bench/SrmPairing.Benchmarks)

Writes out/bench.json, prints the table, then runs bench/Test-BenchTargets.ps1 (PASS/FAIL per target); the exit code
is the checker's.
#>
[CmdletBinding()]
param(
    [string] $OutFile,
    [ValidateRange(10, 1000)] [int] $ImportRuns = 15,
    [ValidateRange(1, 100)] [int] $OverheadRepeats = 5,
    [ValidateRange(100, 100000)] [int] $OverheadCalls = 1000,
    [ValidateRange(1, 20)] [int] $ManyTasksRuns = 3,
    [ValidateRange(1, 1000)] [int] $TaskCount = 200,
    [ValidateRange(100, 60000)] [int] $TaskDurationMs = 3000,
    [ValidateRange(1, 20)] [int] $BulkRuns = 2,
    [ValidateRange(1, 1000)] [int] $BulkRows = 50,
    [switch] $SkipDotnetBenchmarks,
    # Only these scenarios (d is measured during c, so 'c' and 'd' each run both); the checker then reports the rest
    # as having no figures.
    [ValidateSet('a', 'b', 'c', 'd', 'e', 'f')] [string[]] $Scenario = @('a', 'b', 'c', 'd', 'e', 'f')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
$OutDir = Join-Path $Root 'out'
if (-not $OutFile) { $OutFile = Join-Path $OutDir 'bench.json' }
$WorkDir = Join-Path $OutDir 'bench'
$Scenarios = Join-Path $PSScriptRoot 'scenarios'
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

function Write-Step([string] $Message) { Write-Host "==> $Message" -ForegroundColor Cyan }

#region setup

foreach ($built in (Join-Path $OutDir 'SrmPairing' 'SrmPairing.psd1'), (Join-Path $OutDir 'SrmPairing.Simulator' 'SrmPairing.Simulator.dll')) {
    if (-not (Test-Path -LiteralPath $built)) { throw "'$built' is missing: run 'dotnet pwsh ./build.ps1 build' first." }
}
if (Test-Path -LiteralPath $WorkDir) { Remove-Item -LiteralPath $WorkDir -Recurse -Force }
$ModulesDir = Join-Path $WorkDir 'modules'
$SimulatorDir = Join-Path $WorkDir 'simulator'
New-Item -ItemType Directory -Force -Path $ModulesDir, $SimulatorDir | Out-Null
Copy-Item -LiteralPath (Join-Path $OutDir 'SrmPairing') -Destination $ModulesDir -Recurse
Copy-Item -Path (Join-Path $OutDir 'SrmPairing.Simulator' '*') -Destination $SimulatorDir -Recurse
# `Import-Module SrmPairing` by name, as users write it, finds this copy in every child.
$env:PSModulePath = $ModulesDir + [System.IO.Path]::PathSeparator + $env:PSModulePath
$moduleVersion = (Import-PowerShellDataFile -LiteralPath (Join-Path $ModulesDir 'SrmPairing' 'SrmPairing.psd1')).ModuleVersion

$TempDir = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-bench-{0}" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Force -Path $TempDir | Out-Null
$SitesFile = Join-Path $TempDir 'sites.json'
New-BenchSitesFile -Path $SitesFile -Count ([math]::Max($TaskCount, $BulkRows))

function Get-MachineInfo {
    $cpu = $null; $ram = $null
    if ($IsLinux) {
        $cpu = (Select-String -LiteralPath /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches.Groups[1].Value
        $kb = [long] ((Select-String -LiteralPath /proc/meminfo -Pattern '^MemTotal:\s+(\d+)').Matches.Groups[1].Value)
        $ram = '{0:n1} GB' -f ($kb / 1MB)
    } elseif ($IsMacOS) {
        $cpu = (sysctl -n machdep.cpu.brand_string) 2>$null
        $ram = '{0:n1} GB' -f ([long] (sysctl -n hw.memsize) / 1GB)
    } else {
        $cpu = (Get-CimInstance Win32_Processor | Select-Object -First 1).Name
        $ram = '{0:n1} GB' -f ((Get-CimInstance Win32_ComputerSystem).TotalPhysicalMemory / 1GB)
    }
    $sdk = (& (Get-BenchDotnetPath) --version) 2>$null
    [ordered]@{
        Cpu        = "$cpu".Trim()
        Cores      = [Environment]::ProcessorCount
        Ram        = $ram
        Os         = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
        Dotnet     = "SDK $sdk, runtime $([Environment]::Version)"
        PowerShell = $PSVersionTable.PSVersion.ToString()
    }
}

function Measure-Process([string] $Command, [string] $CacheDir, [string] $AnalysisCache, [string] $PwshDll) {
    # Wall time of a whole fresh pwsh, from start to exit; it has to succeed. -CacheDir (XDG_CACHE_HOME) and
    # -AnalysisCache (PSModuleAnalysisCachePath) place the child's PowerShell caches, -PwshDll picks another pwsh.dll:
    # see region a.
    $psi = Get-BenchPwshStartInfo -Arguments @('-Command', $Command) -PwshDll $PwshDll
    if ($CacheDir) { $psi.Environment['XDG_CACHE_HOME'] = $CacheDir }
    if ($AnalysisCache) { $psi.Environment['PSModuleAnalysisCachePath'] = $AnalysisCache }
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $p = [System.Diagnostics.Process]::Start($psi)
    $p.StandardInput.Close()
    $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
    $p.WaitForExit()
    $ms = $clock.Elapsed.TotalMilliseconds
    $code = $p.ExitCode
    $p.Dispose()
    if ($code -ne 0) { throw "pwsh -Command '$Command' failed ($code): $($out.Result) $($err.Result)" }
    $ms
}

function Use-Simulator([int] $TaskDurationMs, [string] $SitesFile, [scriptblock] $Action) {
    $sim = Start-BenchSimulator -SimulatorDir $SimulatorDir -TaskDurationMs $TaskDurationMs -SitesFile $SitesFile
    try { & $Action $sim } finally { Stop-BenchSimulator $sim }
}

#endregion

$results = [ordered]@{
    Schema        = 1
    Module        = "SrmPairing $moduleVersion"
    Date          = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ')
    Machine       = Get-MachineInfo
    Reproduce     = 'dotnet tool restore && dotnet pwsh ./build.ps1 bench'
    Scenarios     = [ordered]@{}
}
$clock = [System.Diagnostics.Stopwatch]::StartNew()
try {
    #region a. import
    if ($Scenario -contains 'a') {
        Write-Step "a. Import: fresh pwsh with and without Import-Module SrmPairing ($ImportRuns runs each)"
        # Two more modules tell PowerShell's share of the import from SrmPairing's: an empty script module (what any first
        # Import-Module costs this pwsh) and SrmPairing.dll under a manifest of only RootModule and ModuleVersion (the
        # least a binary module with a manifest costs: no formats, no export list, no gallery metadata).
        $extraModules = Join-Path $TempDir 'modules'
        $emptyDir = Join-Path $extraModules 'SrmBenchEmpty'
        New-Item -ItemType Directory -Force -Path $emptyDir | Out-Null
        Set-Content -LiteralPath (Join-Path $emptyDir 'SrmBenchEmpty.psm1') -Value 'function Get-SrmBenchNothing { }'
        Set-Content -LiteralPath (Join-Path $emptyDir 'SrmBenchEmpty.psd1') -Value ("@{ RootModule = 'SrmBenchEmpty.psm1'; ModuleVersion = '1.0.0'; " +
            "GUID = '6f1d2c3b-4a59-4e8f-9b0a-1c2d3e4f5a6b'; FunctionsToExport = @('Get-SrmBenchNothing'); CmdletsToExport = @(); " +
            "VariablesToExport = @(); AliasesToExport = @() }")
        $minimalDir = Join-Path $extraModules 'SrmBenchMinimal'
        New-Item -ItemType Directory -Force -Path $minimalDir | Out-Null
        Copy-Item -Path (Join-Path $ModulesDir 'SrmPairing' '*.dll') -Destination $minimalDir
        Set-Content -LiteralPath (Join-Path $minimalDir 'SrmBenchMinimal.psd1') -Value "@{ RootModule = 'SrmPairing.dll'; ModuleVersion = '1.0.0' }"
        $env:PSModulePath = $extraModules + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $commands = [ordered]@{
            Bare    = 'exit 0'
            Module  = 'Import-Module SrmPairing -ErrorAction Stop; exit 0'
            Empty   = 'Import-Module SrmBenchEmpty -ErrorAction Stop; exit 0'
            Minimal = 'Import-Module SrmBenchMinimal -ErrorAction Stop; exit 0'
        }

        # PowerShell's own packages (MSI, deb, rpm, pkg, zip, container images) ship its assemblies ReadyToRun-compiled;
        # the `PowerShell` dotnet tool package that `dotnet pwsh` runs ships them as IL only, so that pwsh JIT-compiles
        # all of PowerShell's module-loading code in every new process. When this pwsh is such an IL-only one, the
        # same variants also run on a copy of it compiled the way PowerShell's packages are (crossgen2 of this .NET
        # runtime), and the target is judged there: the pwsh a runbook runs in.
        $pwshes = [ordered]@{ This = $null }
        $thisIsReadyToRun = Test-BenchReadyToRun (Join-Path $PSHOME 'System.Management.Automation.dll')
        $readyToRunNote = $null
        if ($thisIsReadyToRun) {
            $readyToRunNote = 'this pwsh is ReadyToRun-compiled already'
        } elseif ([System.IO.Path]::GetFileNameWithoutExtension([System.Environment]::ProcessPath) -ne 'dotnet') {
            $readyToRunNote = 'this pwsh is not a framework-dependent pwsh.dll, so no ReadyToRun copy of it is made'
        } else {
            try {
                $crossgenClock = [System.Diagnostics.Stopwatch]::StartNew()
                $readyToRun = New-BenchReadyToRunPwsh -Destination (Join-Path $WorkDir 'pwsh-readytorun') `
                    -RestoreProject (Join-Path $PSScriptRoot 'ReadyToRun' 'Crossgen2.Restore.csproj')
                $pwshes['ReadyToRun'] = $readyToRun.PwshDll
                Write-Host ("   a ReadyToRun copy of this pwsh in {0:n0} s (crossgen2 {1})" -f $crossgenClock.Elapsed.TotalSeconds, [System.Environment]::Version)
            } catch {
                $readyToRunNote = "no ReadyToRun copy of this pwsh: $($_.Exception.Message)"
                Write-Warning $readyToRunNote
            }
        }

        $variants = [System.Collections.Generic.List[object]]::new()
        foreach ($p in $pwshes.Keys) { foreach ($c in $commands.Keys) { $variants.Add([pscustomobject]@{ Key = "$p.$c"; Pwsh = $pwshes[$p]; Command = $commands[$c] }) } }
        # pwsh replays at start-up the methods its previous run JIT-compiled (a multicore JIT profile in its cache folder)
        # and records them again. Sharing one profile, each variant would start with the previous variant's: an import
        # run after a bare one finds none of the import's methods prepared. A machine that runs one of these commands
        # again and again has that command's profile, so each variant keeps its own cache folder (XDG_CACHE_HOME), and
        # the variants still interleave so that drifting background load reaches all alike. On Windows the cache folder
        # cannot be moved per process, so there the variants run one after another instead.
        foreach ($v in $variants) {
            $v | Add-Member CacheDir $(if ($IsWindows) { $null } else { Join-Path $TempDir "cache-$($v.Key)" })
            $v | Add-Member Times ([System.Collections.Generic.List[double]]::new())
        }
        $order = if ($IsWindows) {
            foreach ($v in $variants) { foreach ($i in 1..$ImportRuns) { $v } }
        } else {
            foreach ($i in 1..$ImportRuns) { foreach ($j in 0..($variants.Count - 1)) { $variants[($i + $j) % $variants.Count] } }
        }
        # Import-Module by name reads PowerShell's module analysis cache, and when that file does not exist PowerShell
        # waits 3 x 25 ms for it on every import, whatever the module. pwsh writes it 10 s after a module is analysed,
        # so an ordinary machine has one; so does this run: one file, written by a child that imports the three modules
        # and stays until it is there.
        $analysisCache = Join-Path $TempDir 'ModuleAnalysisCache'
        $warm = 'Import-Module SrmPairing, SrmBenchEmpty, SrmBenchMinimal -ErrorAction Stop; ' +
            '$w = [Diagnostics.Stopwatch]::StartNew(); while (-not (Test-Path -LiteralPath $env:PSModuleAnalysisCachePath) -and $w.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 250 }; ' +
            'exit [int] (-not (Test-Path -LiteralPath $env:PSModuleAnalysisCachePath))'
        $null = Measure-Process $warm $null $analysisCache
        # Two unmeasured runs of each first: the files are in the page cache and each variant has its start-up profile.
        foreach ($v in $variants) { foreach ($i in 1..2) { $null = Measure-Process $v.Command $v.CacheDir $analysisCache $v.Pwsh } }
        $previous = $null
        foreach ($v in $order) {
            if ($IsWindows -and $v -ne $previous) { $null = Measure-Process $v.Command $null $analysisCache $v.Pwsh; $previous = $v }
            $v.Times.Add((Measure-Process $v.Command $v.CacheDir $analysisCache $v.Pwsh))
        }

        function Get-ImportFigures([string] $Pwsh) {
            $t = @{}; foreach ($c in $commands.Keys) { $t[$c] = ($variants | Where-Object Key -eq "$Pwsh.$c").Times }
            $s = @{}; foreach ($c in $commands.Keys) { $s[$c] = Get-BenchSummary $t[$c] }
            $paired = for ($i = 0; $i -lt $ImportRuns; $i++) { $t.Module[$i] - $t.Bare[$i] }
            [ordered]@{
                Module               = $s.Module
                Baseline             = $s.Bare
                Ratio                = [math]::Round($s.Module.Median / $s.Bare.Median, 3)
                # The added milliseconds: median with, less median without; AddedPaired spreads the run-by-run differences.
                AddedMs              = [math]::Round($s.Module.Median - $s.Bare.Median, 1)
                AddedPaired          = Get-BenchSummary $paired
                EmptyModule          = $s.Empty
                EmptyModuleAddedMs   = [math]::Round($s.Empty.Median - $s.Bare.Median, 1)
                MinimalModule        = $s.Minimal
                MinimalModuleAddedMs = [math]::Round($s.Minimal.Median - $s.Bare.Median, 1)
                # What SrmPairing's manifest (metadata, export list) and format file add to the least a binary module costs.
                ModuleOwnMs          = [math]::Round($s.Module.Median - $s.Minimal.Median, 1)
            }
        }
        $a = [ordered]@{ Name = 'Import'; Unit = 'ms'; BaselineName = 'fresh pwsh that imports nothing' }
        $a.Pwsh = 'PowerShell {0} ({1})' -f $PSVersionTable.PSVersion, $(if ($thisIsReadyToRun) { 'ReadyToRun' } else { 'IL only' })
        foreach ($e in (Get-ImportFigures 'This').GetEnumerator()) { $a[$e.Key] = $e.Value }
        $a.StartupProfilePerVariant = -not $IsWindows
        if ($pwshes.Contains('ReadyToRun')) {
            $r = Get-ImportFigures 'ReadyToRun'
            $r.Pwsh = 'the same pwsh, its start-up assemblies ReadyToRun-compiled with crossgen2 {0} ({1})' -f [System.Environment]::Version, ($readyToRun.Compiled -join ', ')
            $a.ReadyToRun = $r
            $a.JudgedOn = 'ReadyToRun'
        } else {
            $a.ReadyToRunNote = $readyToRunNote
            $a.JudgedOn = 'This'
        }
        $results.Scenarios['a'] = $a
        foreach ($f in @($a) + @(if ($a.Contains('ReadyToRun')) { $a.ReadyToRun })) {
            Write-Host ("   {0}: pwsh {1:n0} ms, with Import-Module SrmPairing {2:n0} ms: +{3:n0} ms (an empty script module +{4:n0} ms, SrmPairing.dll under a two-key manifest +{5:n0} ms)" -f
                $(if ($f -eq $a) { 'this pwsh' } else { 'ReadyToRun' }), $f.Baseline.Median, $f.Module.Median, $f.AddedMs, $f.EmptyModuleAddedMs, $f.MinimalModuleAddedMs)
        }
    }
    #endregion

    #region b. request overhead
    if ($Scenario -contains 'b') {
        Write-Step "b. Request overhead: $OverheadCalls x Get-SrmTask -Id vs $OverheadCalls x Invoke-RestMethod ($OverheadRepeats repeats)"
        $b = Use-Simulator 500 $null {
            param($sim)
            Invoke-BenchChild -File (Join-Path $Scenarios 'RequestOverhead.ps1') -TimeoutSec 600 -Parameters @{
                Server = $sim.Server; Thumbprint = $sim.Thumbprint; Port = $sim.Port; Calls = $OverheadCalls; Repeats = $OverheadRepeats
            }
        }
        $modS = Get-BenchSummary $b.ModuleMs; $restS = Get-BenchSummary $b.RestMs
        $results.Scenarios['b'] = [ordered]@{
            Name             = 'Request overhead'
            Unit             = 'ms'
            Calls            = $OverheadCalls
            Module           = $modS
            Baseline         = $restS
            BaselineName     = 'Invoke-RestMethod, same URL and header, reused -WebSession'
            Ratio            = [math]::Round($modS.Median / $restS.Median, 3)
            ModuleRequests   = Get-BenchSummary $b.ModuleRequests
            BaselineRequests = Get-BenchSummary $b.RestRequests
        }
        Write-Host ("   Get-SrmTask {0:n0} ms, Invoke-RestMethod {1:n0} ms: ratio {2}" -f $modS.Median, $restS.Median, $results.Scenarios.b.Ratio)
    }
    #endregion

    #region c + d. many tasks, memory
    if ($Scenario -contains 'c' -or $Scenario -contains 'd') {
        Write-Step "c/d. Many tasks: $TaskCount pairing tasks of $TaskDurationMs ms, Wait-SrmTask vs hand-written loop ($ManyTasksRuns runs each)"
        $runs = @{ Module = @(); HandLoop = @() }
        foreach ($r in 1..$ManyTasksRuns) {
            $order = if ($r % 2) { 'Module', 'HandLoop' } else { 'HandLoop', 'Module' }
            foreach ($mode in $order) {
                $run = Use-Simulator $TaskDurationMs $SitesFile {
                    param($sim)
                    Invoke-BenchChild -File (Join-Path $Scenarios 'ManyTasks.ps1') -TimeoutSec 600 -Parameters @{
                        Mode = $mode; Server = $sim.Server; Thumbprint = $sim.Thumbprint; Port = $sim.Port; TaskCount = $TaskCount
                    }
                }
                if ($run.Finished -ne $TaskCount) { throw "$mode returned $($run.Finished) of $TaskCount tasks." }
                Write-Host ("   {0,-8} run {1}: wait {2:n0} ms, {3} requests, returned {4:n0} ms after the last task ended, peak {5:n1} MB above idle" -f
                    $mode, $r, $run.WaitMs, $run.Requests, $run.ReturnLagMs, (($run.PeakWorkingSet - $run.IdleWorkingSet) / 1MB))
                $runs[$mode] += $run
            }
        }
        function Get-ManySummary($list) {
            [ordered]@{
                WaitMs          = Get-BenchSummary @($list.WaitMs)
                Requests        = Get-BenchSummary @($list.Requests)
                PollRounds      = Get-BenchSummary @($list.PollRounds)
                ExcessRequests  = Get-BenchSummary @($list | ForEach-Object { $_.Requests - $_.PollRounds })
                ReturnLagMs     = Get-BenchSummary @($list.ReturnLagMs)
                PeakAboveIdleMB = Get-BenchSummary @($list | ForEach-Object { ($_.PeakWorkingSet - $_.IdleWorkingSet) / 1MB })
                IdleMB          = Get-BenchSummary @($list | ForEach-Object { $_.IdleWorkingSet / 1MB })
                PeakMB          = Get-BenchSummary @($list | ForEach-Object { $_.PeakWorkingSet / 1MB })
                RequestsBy      = $list[0].RequestsBy
                Statuses        = $list[0].Statuses
            }
        }
        $mod = Get-ManySummary $runs.Module
        $hand = Get-ManySummary $runs.HandLoop
        $results.Scenarios['c'] = [ordered]@{
            Name           = 'Many tasks'
            Tasks          = $TaskCount
            TaskDurationMs = $TaskDurationMs
            PollIntervalMs = 2000
            Module         = $mod
            Baseline       = $hand
            BaselineName   = 'hand-written loop: GET /tasks/{id} per pending task every 2 s'
            HandLoopRounds = Get-BenchSummary @($runs.HandLoop.HandLoopRounds)
            Ratio          = [ordered]@{
                WaitMs   = [math]::Round($mod.WaitMs.Median / $hand.WaitMs.Median, 3)
                Requests = [math]::Round($mod.Requests.Median / $hand.Requests.Median, 3)
            }
        }
        $results.Scenarios['d'] = [ordered]@{
            Name            = 'Memory'
            Unit            = 'MB'
            Module          = $mod.PeakMB
            Baseline        = $mod.IdleMB
            BaselineName    = 'the same pwsh idle after Import-Module'
            PeakAboveIdleMB = $mod.PeakAboveIdleMB
            Ratio           = [math]::Round($mod.PeakMB.Median / $mod.IdleMB.Median, 3)
            HandLoopPeakAboveIdleMB = $hand.PeakAboveIdleMB
            PeakResetAtIdle = [bool] ($runs.Module | Where-Object { $_.PeakResetAtIdle })
        }
    }
    #endregion

    #region e. bulk creation
    if ($Scenario -contains 'e') {
        Write-Step "e. Bulk creation: a CSV of $BulkRows sites piped to New-SrmPairing vs a hand-written loop ($BulkRuns runs each)"
        $bulk = @{ Module = @(); HandLoop = @() }
        foreach ($r in 1..$BulkRuns) {
            foreach ($mode in 'Module', 'HandLoop') {
                $run = Use-Simulator $TaskDurationMs $SitesFile {
                    param($sim)
                    Invoke-BenchChild -File (Join-Path $Scenarios 'BulkCreate.ps1') -TimeoutSec 600 -Parameters @{
                        Mode = $mode; Server = $sim.Server; Thumbprint = $sim.Thumbprint; Port = $sim.Port; Rows = $BulkRows
                    }
                }
                Write-Host ("   {0,-8} run {1}: {2} requests for {3} rows ({4})" -f $mode, $r, $run.Requests, $run.Rows,
                    (($run.RequestsBy.PSObject.Properties | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', '))
                $bulk[$mode] += $run
            }
        }
        $bm = Get-BenchSummary @($bulk.Module.Requests); $bh = Get-BenchSummary @($bulk.HandLoop.Requests)
        $results.Scenarios['e'] = [ordered]@{
            Name         = 'Bulk creation'
            Unit         = 'requests'
            Rows         = $BulkRows
            Module       = $bm
            Baseline     = $bh
            BaselineName = 'hand-written loop: GET /pairings + POST /pairings per row'
            Ratio        = [math]::Round($bm.Median / $bh.Median, 3)
            RequestsBy   = $bulk.Module[0].RequestsBy
            ModuleMs     = Get-BenchSummary @($bulk.Module.ElapsedMs)
            BaselineMs   = Get-BenchSummary @($bulk.HandLoop.ElapsedMs)
        }
    }
    #endregion

    #region f. client core (BenchmarkDotNet)
    # f has no target: a failure is recorded and reported, and the figures of a-e still go out.
    if (-not $SkipDotnetBenchmarks -and $Scenario -contains 'f') { try {
        Write-Step 'f. Client core: BenchmarkDotNet (bench/SrmPairing.Benchmarks)'
        $artifacts = Join-Path $WorkDir 'BenchmarkDotNet.Artifacts'
        $project = Join-Path $PSScriptRoot 'SrmPairing.Benchmarks' 'SrmPairing.Benchmarks.csproj'
        $dotnetArgs = @('run', '-c', 'Release', '--project', $project, "-p:Version=$moduleVersion", '--',
            '--artifacts', $artifacts)
        Write-Host "dotnet $($dotnetArgs -join ' ')" -ForegroundColor DarkGray
        # Its whole output goes to out/bench/benchmarkdotnet.log; the console gets the summary table only.
        $bdnLog = Join-Path $WorkDir 'benchmarkdotnet.log'
        & (Get-BenchDotnetPath) @dotnetArgs 2>&1 | Tee-Object -FilePath $bdnLog | ForEach-Object {
            if ("$_" -match '^\s*\|') { Write-Host "   $_" }
        }
        if ($LASTEXITCODE -ne 0) {
            throw "The BenchmarkDotNet run failed (exit code $LASTEXITCODE); see $([System.IO.Path]::GetRelativePath($Root, $bdnLog))."
        }
        $report = Join-Path $artifacts 'results' 'srmpairing-benchmarks.json'
        if (-not (Test-Path -LiteralPath $report)) { throw "The BenchmarkDotNet run wrote no '$report'." }
        $rows = Get-Content -LiteralPath $report -Raw | ConvertFrom-Json | ForEach-Object {
            $row = [ordered]@{}
            foreach ($p in $_.PSObject.Properties) { $row[$p.Name] = $p.Value }
            $row
        }
        $rows = @($rows)
        foreach ($row in $rows) {
            $base = $rows | Where-Object { $_.Category -eq $row.Category -and $_.Baseline } | Select-Object -First 1
            $row['Ratio'] = if ($base -and $base.MeanNs) { [math]::Round($row.MeanNs / $base.MeanNs, 3) } else { $null }
            $row['AllocRatio'] = if ($base -and $base.AllocatedBytes) { [math]::Round($row.AllocatedBytes / $base.AllocatedBytes, 3) } else { $null }
        }
        $results.Scenarios['f'] = [ordered]@{
            Name       = 'Client core'
            Job        = 'BenchmarkDotNet ShortRun (in-process), MemoryDiagnoser'
            Benchmarks = $rows
        }
    } catch {
        Write-Host "   f failed: $($_.Exception.Message)" -ForegroundColor Red
        $results.Scenarios['f'] = [ordered]@{ Name = 'Client core'; Error = $_.Exception.Message; Benchmarks = @() }
    } }
    #endregion
} finally {
    Remove-Item -LiteralPath $TempDir -Recurse -Force -ErrorAction SilentlyContinue
}
$results['DurationSec'] = [math]::Round($clock.Elapsed.TotalSeconds, 1)

New-Item -ItemType Directory -Force -Path (Split-Path -Parent $OutFile) | Out-Null
$results | ConvertTo-Json -Depth 12 | Set-Content -LiteralPath $OutFile -Encoding utf8
Write-Host ''
& (Join-Path $PSScriptRoot 'Format-BenchTable.ps1') -Path $OutFile
Write-Host ''
Write-Host "Figures: $([System.IO.Path]::GetRelativePath($Root, $OutFile)) ($($results.DurationSec) s)"
Write-Host ''
& (Join-Path $PSScriptRoot 'Test-BenchTargets.ps1') -Path $OutFile
exit $LASTEXITCODE
