#Requires -Version 7.2
# What `build.ps1 build` produces: the module folder in out/SrmPairing and the published simulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    $script:ManifestPath = Get-SrmModulePath
    $script:ModuleDir = Split-Path -Parent $ManifestPath
    $script:Manifest = Import-PowerShellDataFile -LiteralPath $ManifestPath
    $script:Configuration = if ($env:SRMPAIRING_CONFIGURATION) { $env:SRMPAIRING_CONFIGURATION } else { 'Release' }

    function ConvertTo-Thumbprint([byte[]] $Bytes) {
        ([System.Security.Cryptography.SHA256]::HashData($Bytes) | ForEach-Object { $_.ToString('X2') }) -join ':'
    }
}

Describe 'The module folder out/SrmPairing' {
    It 'contains <_>' -ForEach @('SrmPairing.psd1', 'SrmPairing.dll', 'SrmPairing.Client.dll', 'Newtonsoft.Json.dll') {
        Join-Path $ModuleDir $_ | Should -Exist
    }

    It 'does not ship System.Management.Automation.dll (PowerShell provides it)' {
        Get-ChildItem -LiteralPath $ModuleDir -Recurse -Filter 'System.Management.Automation*' | Should -BeNullOrEmpty
    }

    It 'ships no build leftovers (deps.json, runtimeconfig, xml docs, obj)' {
        $allowed = '\.(dll|psd1|psm1|ps1xml|txt)$|^en-US[\\/].+\.(xml|txt)$'
        if ($Configuration -eq 'Debug') { $allowed += '|\.pdb$' }
        $unexpected = Get-ChildItem -LiteralPath $ModuleDir -Recurse -File |
            ForEach-Object { [System.IO.Path]::GetRelativePath($ModuleDir, $_.FullName) } |
            Where-Object { $_ -notmatch $allowed }
        $unexpected | Should -BeNullOrEmpty
    }

    It 'ships every file the manifest names' {
        $listed = @('RootModule', 'FormatsToProcess', 'TypesToProcess', 'NestedModules', 'RequiredAssemblies') |
            Where-Object { $Manifest.ContainsKey($_) } | ForEach-Object { @($Manifest[$_]) } |
            Where-Object { $_ -and $_ -match '\.(dll|ps1xml|psm1)$' } | ForEach-Object { ($_ -replace '\\', '/') -replace '^\./', '' }
        $listed | Should -Not -BeNullOrEmpty
        foreach ($f in $listed) { Join-Path $ModuleDir $f | Should -Exist }
    }

    It 'has the same manifest as the repository root' {
        $repoManifest = Join-Path (Get-SrmRepoRoot) 'SrmPairing.psd1'
        (Get-FileHash -LiteralPath $ManifestPath).Hash | Should -Be (Get-FileHash -LiteralPath $repoManifest).Hash
    }

    It 'passes Test-ModuleManifest' {
        $m = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop
        $m.Name | Should -Be 'SrmPairing'
        $m.Version | Should -Be ([version] $Manifest.ModuleVersion)
    }
}

Describe 'Versions' {
    It 'stamps <_> with the ModuleVersion of the psd1' -ForEach @('SrmPairing.dll', 'SrmPairing.Client.dll') {
        $dll = Join-Path $ModuleDir $_
        $expected = [version] $Manifest.ModuleVersion
        $expected4 = [version]::new($expected.Major, $expected.Minor, [Math]::Max($expected.Build, 0), [Math]::Max($expected.Revision, 0))
        [version] (Get-Item -LiteralPath $dll).VersionInfo.FileVersion | Should -Be $expected4
        [System.Reflection.AssemblyName]::GetAssemblyName($dll).Version | Should -Be $expected4
        (Get-Item -LiteralPath $dll).VersionInfo.ProductVersion | Should -BeLike "$($Manifest.ModuleVersion)*"
    }

    It 'ships Newtonsoft.Json 13.0.3 (what the module is compiled against)' {
        (Get-Item -LiteralPath (Join-Path $ModuleDir 'Newtonsoft.Json.dll')).VersionInfo.ProductVersion | Should -BeLike '13.0.3*'
    }
}

Describe 'Importing the built module in a fresh pwsh' {
    BeforeAll {
        $command = @"
`$ErrorActionPreference = 'Stop'
`$m = Import-Module '$($ManifestPath.Replace("'", "''"))' -PassThru
[pscustomobject]@{
    Version  = `$m.Version.ToString()
    Path     = `$m.ModuleBase
    Commands = @(Get-Command -Module SrmPairing | Sort-Object Name | ForEach-Object { "`$(`$_.CommandType):`$(`$_.Name)" })
} | ConvertTo-Json -Compress
"@
        $script:ImportOutput = Invoke-SrmChildPwsh -Command $command
        $script:ImportExit = $LASTEXITCODE
        $script:Imported = if ($ImportExit -eq 0) { ($ImportOutput | Select-Object -Last 1) | ConvertFrom-Json } else { $null }
    }

    It 'imports without error' {
        $ImportExit | Should -Be 0 -Because ($ImportOutput -join "`n")
        $Imported | Should -Not -BeNullOrEmpty
    }

    It 'loads it from out/SrmPairing with the manifest version' {
        [System.IO.Path]::GetFullPath($Imported.Path).TrimEnd('\', '/') | Should -Be ([System.IO.Path]::GetFullPath($ModuleDir).TrimEnd('\', '/'))
        $Imported.Version | Should -Be ([version] $Manifest.ModuleVersion).ToString()
    }

    It 'exports exactly the cmdlets of CmdletsToExport' {
        $expected = @($Manifest.CmdletsToExport) | Sort-Object | ForEach-Object { "Cmdlet:$_" }
        $expected | Should -Not -BeNullOrEmpty
        @($Imported.Commands) | Should -Be @($expected)
    }
}

Describe 'The simulator helpers' {
    BeforeAll {
        $script:Sim = $null
        $script:Sim = Start-SrmSimulator -TaskDurationMs 500
    }
    AfterAll {
        Stop-SrmSimulator -Simulator $Sim
    }

    It 'parses the banner' {
        $Sim.BaseUrl | Should -Match '^https://127\.0\.0\.1:\d+/api/rest/srm/v2$'
        $Sim.Port | Should -BeGreaterThan 0
        $Sim.Server | Should -Be "127.0.0.1:$($Sim.Port)"
        $Sim.ControlUrl | Should -Be "https://127.0.0.1:$($Sim.Port)/simulator"
        $Sim.Thumbprint | Should -Match '^([0-9A-F]{2}:){31}[0-9A-F]{2}$'
        $Sim.Process.HasExited | Should -BeFalse
    }

    It 'reports the SHA-256 thumbprint of the certificate it serves' {
        $tcp = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Sim.Port)
        try {
            $ssl = [System.Net.Security.SslStream]::new($tcp.GetStream(), $false, { $true })
            $ssl.AuthenticateAsClient('127.0.0.1')
            ConvertTo-Thumbprint $ssl.RemoteCertificate.GetRawCertData() | Should -Be $Sim.Thumbprint
        } finally {
            $tcp.Dispose()
        }
    }

    It 'answers the control endpoint' {
        Invoke-SrmSimulatorControl -Simulator $Sim -Path 'stats' | Should -Not -BeNullOrEmpty
        { Invoke-SrmSimulatorControl -Simulator $Sim -Method Post -Path 'reset' } | Should -Not -Throw
    }

    It 'stops the process and waits for it' {
        $other = Start-SrmSimulator
        $id = $other.Process.Id
        Stop-SrmSimulator -Simulator $other
        Get-Process -Id $id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $other.StdoutPath | Should -Not -Exist
    }

    It 'fails clearly, with the captured output, when the simulator cannot start' {
        { Start-SrmSimulator -ExtraArgs '--no-such-option' -TimeoutSec 20 } | Should -Throw -ExpectedMessage '*SRM simulator*'
    }

    It 'knows the default remote site vc-b' {
        $b = Get-SrmSimulatorSite -Name 'vc-b'
        @($b).Count | Should -Be 1
        $b.VcGuid | Should -Be '7d3c2b1a-0e9f-4a8b-8c7d-6e5f4a3b2c02'
        $b.PscUrl | Should -Not -BeNullOrEmpty
        $b.PscThumbprint | Should -Match '^[0-9A-F]{2}(:[0-9A-F]{2})+$'
    }
}

Describe 'build.ps1 demo' {
    BeforeAll {
        # The demo as a user runs it, without the build (this suite runs against the built out/ already).
        $pwsh = Get-SrmPwshCommand
        $buildScript = Join-Path (Get-SrmRepoRoot) 'build.ps1'
        $script:DemoOutput = @(& $pwsh.FilePath @($pwsh.Arguments) -NoProfile -NonInteractive -File $buildScript demo -NoBuild `
                -Configuration $Configuration -DemoTaskDurationMs 500 2>&1 | ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' })
        $script:DemoExitCode = $LASTEXITCODE
        $script:DemoText = $DemoOutput -join "`n"

        # The output of one step: the lines after its "PS> <Command>..." line up to the next "PS> " line.
        function script:Get-DemoStep([string] $Command) {
            $at = @(for ($i = 0; $i -lt $DemoOutput.Count; $i++) { if ($DemoOutput[$i] -like "PS> $Command*") { $i } })
            $at.Count | Should -BeGreaterThan 0 -Because "the demo prints 'PS> $Command...' before its output"
            $lines = foreach ($line in $DemoOutput[($at[0] + 1)..($DemoOutput.Count - 1)]) {
                if ($line -like 'PS> *') { break }
                $line
            }
            @($lines) -join "`n"
        }
    }

    It 'succeeds' {
        $DemoExitCode | Should -Be 0 -Because $DemoText
    }

    It 'prints each command before its output, in the order of the story' {
        $commands = @($DemoOutput | Where-Object { $_ -like 'PS> *' } | ForEach-Object { ($_ -replace '^PS> (\$\w+ = |\$\w+ \| )?', '').Split(' ')[0] })
        $commands | Should -Be @('Connect-SrmServer', 'Get-SrmCertificateThumbprint', 'Test-SrmPairing', 'New-SrmPairing', 'Get-SrmPairing',
            'Get-SrmPairing', 'Remove-SrmPairing', 'Get-SrmPairing', 'Disconnect-SrmServer')
        ($DemoOutput | Where-Object { $_ -like 'PS> *Connect-SrmRemoteSite*' }) | Should -Not -BeNullOrEmpty
    }

    It 'connects with the simulator''s certificate pinned' {
        $DemoText | Should -Match 'PS> Connect-SrmServer -Server 127\.0\.0\.1:\d+ -Credential \$cred -CertificateThumbprint ([0-9A-F]{2}:){31}[0-9A-F]{2}'
        Get-DemoStep 'Connect-SrmServer' | Should -Match 'IsConnected\s+: True'
    }

    It 'reads the remote PSC''s certificate' {
        $step = Get-DemoStep '$psc = Get-SrmCertificateThumbprint'
        $step | Should -Match 'Subject\s+: CN=vc-b\.example\.com'
        $step | Should -Match 'Sha256Thumbprint\s+: [0-9A-F]{2}:'
    }

    It 'runs the preflight, which passes' {
        $step = Get-DemoStep 'Test-SrmPairing'
        foreach ($check in 'Input', 'NotSelf', 'NotPaired', 'RemotePscReachable', 'RemotePscThumbprint') {
            $step | Should -Match "(?m)^$check\s+Passed" -Because "$check passes against the simulator's vc-b"
        }
        $step | Should -Not -Match '(?m)^\w+\s+Failed'
    }

    It 'pairs and waits for the task' {
        $step = Get-DemoStep 'New-SrmPairing'
        $step | Should -Match 'Status\s+: SUCCESS'
        $step | Should -Match "Description\s+: Pair with vCenter Server 'vc-b\.example\.com'"
    }

    It 'lists the new pairing, then none once it is removed' {
        $listings = @(for ($i = 0; $i -lt $DemoOutput.Count; $i++) { if ($DemoOutput[$i] -eq 'PS> Get-SrmPairing') { $i } })
        $listings.Count | Should -Be 2
        ($DemoOutput[($listings[0] + 1)..($listings[0] + 6)] -join "`n") | Should -Match 'vc-b\.example\.com'
        $DemoOutput[$listings[1] + 1] | Should -BeLike 'PS> Disconnect-SrmServer'
    }

    It 'logs in to the remote site' {
        $step = Get-DemoStep '$pairing = Get-SrmPairing'
        $step | Should -Match 'IsRemoteLoggedIn\s+: True'
    }

    It 'removes the pairing and waits for the task' {
        $step = Get-DemoStep '$pairing | Remove-SrmPairing -Confirm:$false | Wait-SrmTask'
        $step | Should -Match 'Status\s+: SUCCESS'
        $step | Should -Match "Description\s+: Break pairing with vCenter Server 'vc-b\.example\.com'"
    }

    It 'disconnects and stops the simulator' {
        Get-DemoStep 'Disconnect-SrmServer' | Should -Match 'Stopping the simulator'
    }

    It 'shows no password or session id' {
        $DemoText | Should -Not -BeLike '*VMware1!*'
        $DemoText | Should -Not -Match 'x-dr-session|session_id'
    }
}

Describe 'build.ps1 as a task list' {
    BeforeAll {
        $script:RepoRoot = Get-SrmRepoRoot
        $script:BuildAst = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $RepoRoot 'build.ps1'), [ref] $null, [ref] $null)
        $taskParam = $BuildAst.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'Task' }
        $script:Tasks = @($taskParam.Attributes | Where-Object { $_.TypeName.Name -eq 'ValidateSet' } |
            ForEach-Object { $_.PositionalArguments.Value })
        # The switch over the task: each clause's label and the commands it calls.
        $switch = $BuildAst.Find({ $args[0] -is [System.Management.Automation.Language.SwitchStatementAst] }, $true)
        $script:Clauses = @{}
        foreach ($clause in $switch.Clauses) {
            $Clauses[$clause.Item1.Value] = @($clause.Item2.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true) |
                ForEach-Object { $_.GetCommandName() })
        }
    }

    It 'defines no function of its own' {
        $BuildAst.FindAll({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true) | Should -BeNullOrEmpty
    }

    It 'offers build, test, demo, simulator, clean, package and bench' {
        $Tasks | Should -Be @('build', 'test', 'demo', 'simulator', 'clean', 'package', 'bench')
    }

    It 'runs <_> with the Invoke-*Task function that a module under build/ exports' -ForEach @('build', 'test', 'demo', 'simulator', 'clean', 'package', 'bench') {
        $Clauses.ContainsKey($_) | Should -BeTrue
        $command = @($Clauses[$_] | Where-Object { $_ -like 'Invoke-*Task' })
        $command.Count | Should -Be 1
        $exported = Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'build') -Filter '*.psm1' | Where-Object {
            ([System.Management.Automation.Language.Parser]::ParseFile($_.FullName, [ref] $null, [ref] $null)).FindAll({
                    $args[0] -is [System.Management.Automation.Language.CommandAst] -and $args[0].GetCommandName() -eq 'Export-ModuleMember' }, $true) |
                Where-Object { $_.Extent.Text -match "\b$([regex]::Escape($command[0]))\b" }
        }
        @($exported).Count | Should -Be 1 -Because "$($command[0]) is exported by one module under build/"
    }
}
