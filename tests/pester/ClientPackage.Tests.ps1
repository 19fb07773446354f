#Requires -Version 7.2
# `build.ps1 package`: out/SrmPairing.Client.<version>.nupkg (+ .snupkg), the .NET client library as a NuGet
# package, and a console program outside the solution (examples/ClientConsole, copied to a temporary folder) that
# restores it from out/ as a local feed, connects to the simulator, pairs, waits and lists the pairing.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:Root = Get-SrmRepoRoot
    $script:Version = (Import-PowerShellDataFile -LiteralPath (Join-Path $Root 'SrmPairing.psd1')).ModuleVersion
    $script:OutDir = Join-Path $Root 'out'
    $script:Nupkg = Join-Path $OutDir "SrmPairing.Client.$Version.nupkg"
    $script:Snupkg = Join-Path $OutDir "SrmPairing.Client.$Version.snupkg"
    $script:LibDll = 'lib/netstandard2.0/SrmPairing.Client.dll'
    $configuration = if ($env:SRMPAIRING_CONFIGURATION) { $env:SRMPAIRING_CONFIGURATION } else { 'Release' }

    # Reuse a package made from the module folder as it is now; otherwise run the package task.
    $moduleDir = Split-Path -Parent (Get-SrmModulePath)
    $newest = Get-ChildItem -LiteralPath $moduleDir -File -Recurse | Sort-Object LastWriteTimeUtc | Select-Object -Last 1
    $script:PackageLog = @()
    $script:PackageExit = 0
    if (-not (Test-Path -LiteralPath $Nupkg) -or -not (Test-Path -LiteralPath $Snupkg) -or
        (Get-Item -LiteralPath $Nupkg).LastWriteTimeUtc -lt $newest.LastWriteTimeUtc) {
        $pwsh = Get-SrmPwshCommand
        $script:PackageLog = & $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File (Join-Path $Root 'build.ps1') package -Configuration $configuration 2>&1 |
            ForEach-Object { "$_" }
        $script:PackageExit = $LASTEXITCODE
    }

    function script:Read-ZipEntries([string] $Path) {
        # Each entry's name and bytes (the packages are small).
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try {
            $entries = [ordered]@{}
            foreach ($e in $zip.Entries) {
                $buffer = [System.IO.MemoryStream]::new()
                $s = $e.Open()
                try { $s.CopyTo($buffer) } finally { $s.Dispose() }
                $entries[$e.FullName] = $buffer.ToArray()
            }
            $entries
        } finally {
            $zip.Dispose()
        }
    }

    function script:Get-MissingClientApi([byte[]] $Assembly) {
        # The public types and methods of the documented API (docs/client-library.md) that the assembly lacks, read
        # from its metadata (nothing is loaded).
        $expected = [ordered]@{
            'Srm.Client.Models.SrmConnection'          = @('ConnectAsync', 'get_Pairings', 'get_Tasks', 'CloseAsync')
            'Srm.Client.Pairings.SrmPairingOperations' = @('CreateAsync', 'ListAsync')
            'Srm.Client.Tasks.SrmTaskOperations'       = @('WaitAsync')
            'Srm.Client.Tasks.SrmTaskWaitEvent'        = @()
        }
        $pe = [System.Reflection.PortableExecutable.PEReader]::new([System.IO.MemoryStream]::new($Assembly))
        try {
            $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            $public = @{}
            foreach ($h in $md.TypeDefinitions) {
                $t = $md.GetTypeDefinition($h)
                if (($t.Attributes -band [System.Reflection.TypeAttributes]::VisibilityMask) -ne [System.Reflection.TypeAttributes]::Public) { continue }
                $public['{0}.{1}' -f $md.GetString($t.Namespace), $md.GetString($t.Name)] = @(foreach ($m in $t.GetMethods()) {
                        $d = $md.GetMethodDefinition($m)
                        if (($d.Attributes -band [System.Reflection.MethodAttributes]::MemberAccessMask) -eq [System.Reflection.MethodAttributes]::Public) {
                            $md.GetString($d.Name)
                        }
                    })
            }
        } finally {
            $pe.Dispose()
        }
        foreach ($type in $expected.Keys) {
            if (-not $public.ContainsKey($type)) { $type; continue }
            foreach ($method in $expected[$type]) {
                if ($method -notin $public[$type]) { "$type.$($method -replace '^get_', '')" }
            }
        }
    }

    $script:Entries = if (Test-Path -LiteralPath $Nupkg) { Read-ZipEntries $Nupkg } else { [ordered]@{} }
    $script:SymbolEntries = if (Test-Path -LiteralPath $Snupkg) { Read-ZipEntries $Snupkg } else { [ordered]@{} }
    $script:Nuspec = if ($Entries.Contains('SrmPairing.Client.nuspec')) {
        [xml] [System.Text.Encoding]::UTF8.GetString($Entries['SrmPairing.Client.nuspec']).TrimStart([char] 0xFEFF)
    } else { $null }
    $script:MissingApi = @(if ($Entries.Contains($LibDll)) { Get-MissingClientApi $Entries[$LibDll] })
}

Describe 'The SrmPairing.Client package' {
    It 'is built by the package task, with its symbols package' {
        $PackageExit | Should -Be 0 -Because ($PackageLog -join "`n")
        $Nupkg | Should -Exist
        $Snupkg | Should -Exist
    }

    It 'holds the library, its XML documentation, the README and the licence' {
        $names = @($Entries.Keys)
        foreach ($f in $LibDll, 'lib/netstandard2.0/SrmPairing.Client.xml', 'README.md', 'LICENSE', 'SrmPairing.Client.nuspec') {
            $names | Should -Contain $f
        }
        # Newtonsoft.Json is a dependency, not a file of the package; nothing else of the build comes along.
        @($names | Where-Object { $_ -like 'lib/*' }) | Should -Be @($LibDll, 'lib/netstandard2.0/SrmPairing.Client.xml')
        [System.Text.Encoding]::UTF8.GetString($Entries['LICENSE']) | Should -BeLike 'MIT License*'
    }

    It 'describes itself: id, the manifest''s version, licence, README, description and tags' {
        $m = $Nuspec.package.metadata
        $m.id | Should -Be 'SrmPairing.Client'
        $m.version | Should -Be $Version
        $m.license.type | Should -Be 'expression'
        $m.license.'#text' | Should -Be 'MIT'
        $m.readme | Should -Be 'README.md'
        $m.description | Should -Match 'Site Recovery Manager'
        $m.authors | Should -Not -BeNullOrEmpty
        @($m.tags -split ' ') | Should -Contain 'SRM'
    }

    It 'depends on Newtonsoft.Json 13.0.3 exactly, and on nothing else' {
        $deps = @($Nuspec.package.metadata.dependencies.group.dependency)
        $deps.Count | Should -Be 1
        $deps[0].id | Should -Be 'Newtonsoft.Json'
        $deps[0].version | Should -Be '[13.0.3]'
    }

    It 'names no repository, commit or build machine path' {
        foreach ($element in 'repository', 'projectUrl') {
            $Nuspec.package.metadata.PSObject.Properties[$element] | Should -BeNullOrEmpty -Because "the nuspec has no <$element>"
        }
        $text = [System.Text.Encoding]::UTF8.GetString($Entries['SrmPairing.Client.nuspec'])
        $text | Should -Not -BeLike "*$Root*"
    }

    It 'has the library''s symbols in the snupkg' {
        @($SymbolEntries.Keys) | Should -Contain 'lib/netstandard2.0/SrmPairing.Client.pdb'
    }

    It 'holds the library stamped with the manifest''s version' {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new([System.IO.MemoryStream]::new($Entries[$LibDll]))
        try {
            $assemblyVersion = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe).GetAssemblyDefinition().Version
        } finally {
            $pe.Dispose()
        }
        $expected = [version] $Version
        $assemblyVersion | Should -Be ([version]::new($expected.Major, $expected.Minor, [Math]::Max($expected.Build, 0), [Math]::Max($expected.Revision, 0)))
    }
}

Describe 'A console program outside the solution, using the package from a local feed' {
    BeforeAll {
        $script:Sim = $null
        $script:Work = $null
        $script:NoApi = if ($MissingApi.Count) {
            "the packaged SrmPairing.Client has not got the documented API yet (missing: $($MissingApi -join ', '))"
        } else { $null }
        if ($NoApi) { return }

        function script:Get-Dotnet {
            $self = [System.Environment]::ProcessPath
            if ([System.IO.Path]::GetFileNameWithoutExtension($self) -eq 'dotnet') { return $self }
            (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        }

        function script:Invoke-Bounded {
            # Runs dotnet with the arguments and extra environment; returns ExitCode and Output (stdout then stderr).
            # A run that outlasts the limit is killed and fails.
            param([string[]] $Arguments, [hashtable] $Environment = @{}, [string] $WorkingDirectory, [int] $TimeoutSec = 300)
            $psi = [System.Diagnostics.ProcessStartInfo]::new((Get-Dotnet))
            foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
            foreach ($k in $Environment.Keys) { $psi.Environment[$k] = $Environment[$k] }
            $psi.WorkingDirectory = $WorkingDirectory
            $psi.UseShellExecute = $false
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $p = [System.Diagnostics.Process]::Start($psi)
            try {
                $stdout = $p.StandardOutput.ReadToEndAsync()
                $stderr = $p.StandardError.ReadToEndAsync()
                if (-not $p.WaitForExit($TimeoutSec * 1000)) {
                    $p.Kill($true)
                    throw "dotnet $($Arguments -join ' ') did not finish within $TimeoutSec s."
                }
                $p.WaitForExit()
                [pscustomobject]@{ ExitCode = $p.ExitCode; Output = ($stdout.Result + $stderr.Result) -replace '\x1b\[[0-9;]*m', '' }
            } finally {
                $p.Dispose()
            }
        }

        # The example project as a user would have it: its own folder, with a nuget.config that adds out/ as a
        # package source to the machine's own sources (Newtonsoft.Json comes from those) and a package folder of
        # its own, so that no copy of SrmPairing.Client from an earlier run (same version) is used.
        $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('srm-client-package-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
        New-Item -ItemType Directory -Path $Work | Out-Null
        Get-ChildItem -LiteralPath (Join-Path $Root 'examples' 'ClientConsole') -File -Include '*.cs', '*.csproj' -Recurse |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
            Copy-Item -Destination $Work
        @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="srmpairing-local" value="$([System.Security.SecurityElement]::Escape($OutDir))" />
  </packageSources>
</configuration>
"@ | Set-Content -LiteralPath (Join-Path $Work 'nuget.config') -Encoding utf8
        $script:PackagesDir = Join-Path $Work 'packages'
        $script:Build = Invoke-Bounded -WorkingDirectory $Work -TimeoutSec 600 -Arguments @(
            'build', (Join-Path $Work 'ClientConsole.csproj'), '-c', 'Release', '--nologo', '-nodeReuse:false',
            '-p:UseSharedCompilation=false', "-p:SrmPairingClientVersion=[$Version]", "-p:RestorePackagesPath=$PackagesDir")
        $script:ConsoleDll = Get-ChildItem -LiteralPath (Join-Path $Work 'bin') -Filter 'ClientConsole.dll' -File -Recurse -ErrorAction SilentlyContinue |
            Select-Object -First 1

        $script:Sim = Start-SrmSimulator -TaskDurationMs 500 -SiteEndpoints
        $script:SiteB = Get-SrmSimulatorSite vc-b -Simulator $Sim

        function script:Invoke-ClientConsole([string] $Password) {
            Invoke-Bounded -WorkingDirectory $Work -TimeoutSec 120 -Environment @{ SRM_PASSWORD = $Password } -Arguments @(
                $ConsoleDll.FullName, '--server', $Sim.Server, '--thumbprint', $Sim.Thumbprint,
                '--remote-psc', $SiteB.PscUrl, '--remote-psc-port', [string] $SiteB.PscPort,
                '--remote-psc-thumbprint', $SiteB.PscThumbprintSha256, '--remote-vc-guid', $SiteB.VcGuid)
        }
    }

    AfterAll {
        Stop-SrmSimulator -Simulator $Sim
        if ($Work -and (Test-Path -LiteralPath $Work)) { Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    BeforeEach {
        if ($NoApi) { Set-ItResult -Skipped -Because $NoApi }
    }

    It 'restores SrmPairing.Client from the local feed and builds' {
        $Build.ExitCode | Should -Be 0 -Because $Build.Output
        $ConsoleDll | Should -Not -BeNullOrEmpty
        $restored = Join-Path $PackagesDir 'srmpairing.client' $Version '.nupkg.metadata'
        $restored | Should -Exist
        (Get-Content -LiteralPath $restored -Raw | ConvertFrom-Json).source | Should -Be $OutDir
        # The program runs the library of the package.
        $shipped = Join-Path $ConsoleDll.DirectoryName 'SrmPairing.Client.dll'
        [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.IO.File]::ReadAllBytes($shipped))) |
            Should -Be ([System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($Entries[$LibDll])))
    }

    It 'connects, pairs, waits for the task to succeed, lists the pairing and closes the session' {
        $run = Invoke-ClientConsole -Password 'VMware1!'
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match '(?m)^connected: \S+'
        $run.Output | Should -Match '(?m)^final: \S+ SUCCESS\s*$'
        $run.Output | Should -Match ("(?m)^pairing: \S+ vc-b\.example\.com {0}\s*$" -f [regex]::Escape($SiteB.VcGuid))
        $run.Output | Should -Match '(?m)^closed\s*$'
        $run.Output | Should -Not -BeLike '*VMware1!*'
        Get-SrmSimulatorRequestCount -Simulator $Sim -Endpoint 'DELETE /session' | Should -Be 1
    }

    It 'reports a refused login as SrmApiException Unauthorized with the HTTP status' {
        $run = Invoke-ClientConsole -Password 'not-the-password'
        $run.ExitCode | Should -Be 1 -Because $run.Output
        $run.Output | Should -Match '(?m)^error: Unauthorized \(HTTP 401, op_id '
        $run.Output | Should -Not -BeLike '*not-the-password*'
        $run.Output | Should -Not -Match '(?m)^\s+at '
    }
}
