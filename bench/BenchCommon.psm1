#Requires -Version 7.2
# Helpers shared by bench/Invoke-Benchmark.ps1 and the scenario scripts under bench/scenarios: starting a simulator
# from a given folder, reading its request counters, running child pwsh processes and summarising timings.
Set-StrictMode -Version Latest

function Get-BenchDotnetPath {
    # Under `dotnet pwsh` this process is the dotnet host; else DOTNET_HOST_PATH, else dotnet on PATH.
    $self = [System.Environment]::ProcessPath
    if ($self -and [System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { return $self }
    if ($env:DOTNET_HOST_PATH -and (Test-Path -LiteralPath $env:DOTNET_HOST_PATH)) { return $env:DOTNET_HOST_PATH }
    (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
}

function Get-BenchPwshStartInfo {
    <#
    A ProcessStartInfo for a fresh pwsh like this one (under `dotnet pwsh`: dotnet <PSHOME>/pwsh.dll). -PwshDll runs
    another framework-dependent pwsh.dll with the same dotnet host instead (the ReadyToRun copy of scenario a).
    #>
    param([string[]] $Arguments = @(), [string] $PwshDll)
    $self = [System.Environment]::ProcessPath
    if ($PwshDll) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new((Get-BenchDotnetPath))
        $psi.ArgumentList.Add($PwshDll)
    } else {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($self)
        if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') {
            $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
    }
    foreach ($a in @('-NoProfile', '-NonInteractive') + $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi
}

# The assemblies of PowerShell that run while it starts and imports a module; PowerShell's own packages ship them
# ReadyToRun-compiled, the `PowerShell` dotnet tool package as IL only.
$script:ReadyToRunAssemblies = @(
    'pwsh', 'System.Management.Automation', 'Microsoft.PowerShell.ConsoleHost', 'Microsoft.PowerShell.Commands.Utility',
    'Microsoft.PowerShell.Commands.Management', 'Microsoft.PowerShell.Security', 'Microsoft.ApplicationInsights'
)

function Test-BenchReadyToRun {
    <# Whether an assembly carries ReadyToRun (precompiled native) code, read from its CLI header. #>
    param([Parameter(Mandatory)] [string] $Path)
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try { $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $pe.Dispose() }
    } finally { $stream.Dispose() }
}

function New-BenchReadyToRunPwsh {
    <#
    .SYNOPSIS
    Copies this pwsh ($PSHOME) to -Destination and ReadyToRun-compiles its start-up assemblies there with crossgen2,
    as PowerShell's own packages are built; returns the copy's pwsh.dll (PwshDll) and the assemblies compiled.
    .DESCRIPTION
    crossgen2 comes from NuGet (bench/ReadyToRun/Crossgen2.Restore.csproj) in the version of the .NET runtime that runs
    this pwsh, for this platform. Throws with the reason when any step fails.
    #>
    param([Parameter(Mandatory)] [string] $Destination, [Parameter(Mandatory)] [string] $RestoreProject)
    $dotnet = Get-BenchDotnetPath
    $version = [System.Environment]::Version.ToString()
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $out = & $dotnet restore $RestoreProject --nologo --verbosity quiet "-p:Crossgen2Version=$version" "-p:Crossgen2Rid=$rid" 2>&1
    if ($LASTEXITCODE -ne 0) { throw "restoring crossgen2 $version for $rid failed: $($out -join ' ')" }
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = (& $dotnet nuget locals global-packages --list) -join ''
        $packages = ($line -replace '^\s*global-packages:\s*', '').Trim()
    }
    $tools = Join-Path $packages "microsoft.netcore.app.crossgen2.$($rid.ToLowerInvariant())" $version 'tools'
    $crossgen = @('crossgen2', 'crossgen2.exe') | ForEach-Object { Join-Path $tools $_ } | Where-Object { Test-Path -LiteralPath $_ } |
        Select-Object -First 1
    if (-not $crossgen) { throw "crossgen2 not found under '$tools'." }
    if (-not $IsWindows) {
        # NuGet does not keep the executable bit of the files it extracts.
        $mode = [System.IO.File]::GetUnixFileMode($crossgen)
        [System.IO.File]::SetUnixFileMode($crossgen, $mode -bor [System.IO.UnixFileMode]::UserExecute)
    }
    if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
    Copy-Item -LiteralPath $PSHOME -Destination $Destination -Recurse
    $os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $compiled = [System.Collections.Generic.List[string]]::new()
    foreach ($name in $script:ReadyToRunAssemblies) {
        $source = Join-Path $PSHOME "$name.dll"
        if (-not (Test-Path -LiteralPath $source)) { continue }
        $compiled.Add("$name.dll")
        $target = Join-Path $Destination "$name.dll"
        # The reference patterns go in as quoted strings: pwsh on Unix expands wildcards in unquoted native arguments.
        $log = & $crossgen $source -o $target -O --targetos $os --targetarch $arch "--reference:$(Join-Path $framework '*.dll')" "--reference:$(Join-Path $PSHOME '*.dll')" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "crossgen2 $name.dll failed: $(($log | Select-Object -Last 5) -join ' ')" }
    }
    [pscustomobject]@{ PwshDll = Join-Path $Destination 'pwsh.dll'; Compiled = $compiled.ToArray() }
}

function Invoke-BenchChild {
    <#
    .SYNOPSIS
    Runs a scenario script in a fresh pwsh; the script writes its figures as JSON to -ResultPath. Returns them.
    .DESCRIPTION
    The child's console output is kept and shown only when it fails (non-zero exit or no result file).
    #>
    param(
        [Parameter(Mandatory)] [string] $File,
        [hashtable] $Parameters = @{},
        [int] $TimeoutSec = 300
    )
    $result = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-bench-{0}.json" -f [guid]::NewGuid().ToString('N').Substring(0, 12))
    $arguments = @('-File', $File, '-ResultPath', $result)
    foreach ($key in $Parameters.Keys) {
        $value = $Parameters[$key]
        if ($value -is [switch] -or $value -is [bool]) {
            if ($value) { $arguments += "-$key" }
        } else {
            $arguments += "-$key"; $arguments += [string] $value
        }
    }
    $psi = Get-BenchPwshStartInfo -Arguments $arguments
    $p = [System.Diagnostics.Process]::Start($psi)
    try {
        $p.StandardInput.Close()
        $out = $p.StandardOutput.ReadToEndAsync()
        $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit($TimeoutSec * 1000)) {
            $p.Kill($true)
            throw "$([System.IO.Path]::GetFileName($File)) did not finish within $TimeoutSec s."
        }
        $p.WaitForExit()
        if ($p.ExitCode -ne 0 -or -not (Test-Path -LiteralPath $result)) {
            throw ("{0} failed (exit code {1}).`n--- output ---`n{2}`n--- errors ---`n{3}" -f
                [System.IO.Path]::GetFileName($File), $p.ExitCode, $out.Result, $err.Result)
        }
        Get-Content -LiteralPath $result -Raw | ConvertFrom-Json
    } finally {
        $p.Dispose()
        Remove-Item -LiteralPath $result -Force -ErrorAction SilentlyContinue
    }
}

function Start-BenchSimulator {
    <#
    .SYNOPSIS
    Starts the simulator (SrmPairing.Simulator.dll in -SimulatorDir) on a free loopback port; waits for its banner.
    .DESCRIPTION
    Its rate limiter stays off (no --rate-limit), and its remote sites are those of sites.example.json, without TLS
    endpoints of their own (--no-site-endpoints): the scenarios pair with them by their names. It exits by itself
    when this process, which holds its stdin, ends.
    #>
    param(
        [Parameter(Mandatory)] [string] $SimulatorDir,
        [int] $TaskDurationMs = 3000,
        [string] $SitesFile,
        [int] $TimeoutSec = 60
    )
    $dll = Join-Path $SimulatorDir 'SrmPairing.Simulator.dll'
    if (-not (Test-Path -LiteralPath $dll)) { throw "The simulator '$dll' is missing; build first." }
    $psi = [System.Diagnostics.ProcessStartInfo]::new((Get-BenchDotnetPath))
    foreach ($a in @($dll, '--port', '0', '--exit-on-stdin-close', '--task-duration-ms', [string] $TaskDurationMs, '--no-site-endpoints')) { $psi.ArgumentList.Add($a) }
    if ($SitesFile) { $psi.ArgumentList.Add('--sites'); $psi.ArgumentList.Add($SitesFile) }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.WorkingDirectory = $SimulatorDir
    $psi.Environment['DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION'] = 'false'
    $psi.Environment['ASPNETCORE_ENVIRONMENT'] = 'Production'

    $log = Join-Path ([System.IO.Path]::GetTempPath()) ("srm-bench-sim-{0}.log" -f [guid]::NewGuid().ToString('N').Substring(0, 12))
    $sink = [System.IO.FileStream]::new($log, 'Create', 'Write', 'ReadWrite', 1)
    $p = [System.Diagnostics.Process]::Start($psi)
    $pumps = @($p.StandardOutput.BaseStream.CopyToAsync($sink), $p.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null))
    $sim = [pscustomobject]@{ Process = $p; Log = $log; Sink = $sink; Pumps = $pumps; BaseUrl = $null; Server = $null; Port = 0; Thumbprint = $null }
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        $fs = [System.IO.FileStream]::new($log, 'Open', 'Read', 'ReadWrite')
        try { $text = [System.IO.StreamReader]::new($fs).ReadToEnd() } finally { $fs.Dispose() }
        if ($text -match 'listening on (https://\S+)' -and ($url = $Matches[1]) -and $text -match 'thumbprint: ([0-9A-F:]+)') {
            $thumb = $Matches[1]
            break
        }
        if ($p.HasExited -or [DateTime]::UtcNow -ge $deadline) {
            Stop-BenchSimulator $sim
            throw "The simulator did not start: $text"
        }
        Start-Sleep -Milliseconds 50
    }
    $uri = [Uri] $url.TrimEnd('/')
    $sim.BaseUrl = $uri.AbsoluteUri.TrimEnd('/')
    $sim.Port = $uri.Port
    $sim.Server = '{0}:{1}' -f $uri.Host, $uri.Port
    $sim.Thumbprint = $thumb
    $sim
}

function Stop-BenchSimulator {
    param([psobject] $Simulator)
    if (-not $Simulator) { return }
    try { if (-not $Simulator.Process.HasExited) { $Simulator.Process.Kill($true) }; [void] $Simulator.Process.WaitForExit(15000) } catch { }
    try { [void] [System.Threading.Tasks.Task]::WaitAll([System.Threading.Tasks.Task[]] $Simulator.Pumps, 5000) } catch { }
    $Simulator.Sink.Dispose()
    $Simulator.Process.Dispose()
    Remove-Item -LiteralPath $Simulator.Log -Force -ErrorAction SilentlyContinue
}

function Get-BenchSimulatorStats {
    <# GET /simulator/stats (not an API request: the counters do not count it). Port: the simulator's port. #>
    param([Parameter(Mandatory)] [int] $Port)
    Invoke-RestMethod -Uri "https://127.0.0.1:$Port/simulator/stats" -SkipCertificateCheck -NoProxy -TimeoutSec 30
}

function Get-BenchRequestDelta {
    <# The API requests between two stats snapshots: Total and ByEndpoint (only endpoints that changed). #>
    param([Parameter(Mandatory)] $Before, [Parameter(Mandatory)] $After)
    $by = [ordered]@{}
    foreach ($p in $After.by_endpoint.PSObject.Properties) {
        $old = $Before.by_endpoint.PSObject.Properties[$p.Name]
        $delta = [int] $p.Value - $(if ($old) { [int] $old.Value } else { 0 })
        if ($delta -ne 0) { $by[$p.Name] = $delta }
    }
    [pscustomobject]@{ Total = [int] $After.requests - [int] $Before.requests; ByEndpoint = [pscustomobject] $by }
}

function Get-BenchSummary {
    <# Median, min and max of a list of numbers (the median of an even count is the mean of the middle two). #>
    param([double[]] $Values)
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return [pscustomobject]@{ Median = $null; Min = $null; Max = $null; Runs = 0 } }
    $median = if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
    [pscustomobject]@{ Median = [math]::Round($median, 3); Min = [math]::Round($sorted[0], 3); Max = [math]::Round($sorted[-1], 3); Runs = $n }
}

function New-BenchSitesFile {
    <# A --sites file with -Count remote sites vc-0001.bench.example .. (default credentials, derived thumbprints). #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [int] $Count)
    $sites = foreach ($i in 1..$Count) {
        $n = '{0:d4}' -f $i
        [ordered]@{
            vc_guid = '00000000-0000-4000-8000-00000000{0}' -f $n
            vc_name = "vc-$n.bench.example"
        }
    }
    [ordered]@{ remote_sites = @($sites) } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $Path -Encoding utf8
}

function Get-BenchSiteRows {
    <# The rows a CSV of the sites file above would give: url, port, pair_vc_guid (the names New-SrmPairing binds). #>
    param([Parameter(Mandatory)] [int] $Count, [int] $Skip = 0)
    foreach ($i in ($Skip + 1)..($Skip + $Count)) {
        $n = '{0:d4}' -f $i
        [pscustomobject]@{ url = "vc-$n.bench.example"; port = 443; pair_vc_guid = ('00000000-0000-4000-8000-00000000{0}' -f $n) }
    }
}

function Get-BenchCredential {
    <# The simulator's default login (also the default remote-site login of generated sites). #>
    [pscredential]::new('administrator@vsphere.local', (ConvertTo-SecureString 'VMware1!' -AsPlainText -Force))
}

function Connect-BenchRest {
    <#
    .SYNOPSIS
    What a hand-written script does: POST /session with Invoke-RestMethod; returns the session header and a WebSession.
    #>
    param([Parameter(Mandatory)] [string] $BaseUrl)
    $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('administrator@vsphere.local:VMware1!'))
    $ws = $null
    $login = Invoke-RestMethod -Method Post -Uri "$BaseUrl/session" -Headers @{ Authorization = "Basic $basic" } `
        -SessionVariable ws -SkipCertificateCheck -NoProxy
    [pscustomobject]@{ Headers = @{ 'x-dr-session' = $login.session_id }; WebSession = $ws }
}

function Write-BenchResult {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] $Value)
    $Value | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $Path -Encoding utf8
}

Export-ModuleMember -Function @(
    'Get-BenchDotnetPath', 'Get-BenchPwshStartInfo', 'Invoke-BenchChild', 'Start-BenchSimulator', 'Stop-BenchSimulator',
    'Test-BenchReadyToRun', 'New-BenchReadyToRunPwsh', 'Get-BenchSimulatorStats', 'Get-BenchRequestDelta', 'Get-BenchSummary', 'New-BenchSitesFile', 'Get-BenchSiteRows',
    'Get-BenchCredential', 'Connect-BenchRest', 'Write-BenchResult'
)
