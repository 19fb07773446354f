#Requires -Version 7.2
# SrmPairing.Format.ps1xml: table and list views of tasks, pairings and connections; colour and NO_COLOR.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
    $script:done = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred | Wait-SrmTask
    $script:pairing = Get-SrmPairing

    # The lines of what a format command renders, at a width where nothing is cut.
    function script:Show([scriptblock] $Format) {
        (& $Format | Out-String -Width 250) -split "`r?`n" | ForEach-Object TrimEnd | Where-Object { $_ }
    }

    # The header cells of a table (the line above the dashes).
    function script:Get-TableHeader([string[]] $Lines) {
        $dashes = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^\s*-+(\s+-+)*\s*$' })
        @(($Lines[$dashes - 1] -replace "$([char] 27)\[[0-9;]*m", '').Trim() -split '\s+')
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Table and list views' {
    BeforeAll {
        $script:savedRendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
    }
    AfterAll {
        $PSStyle.OutputRendering = $script:savedRendering
    }

    It 'shows a task as Id, Status, Progress, Duration, Description' {
        $lines = Show { $done | Format-Table }
        Get-TableHeader $lines | Should -Be @('Id', 'Status', 'Progress', 'Duration', 'Description')
        $lines[-1] | Should -Match "^$([regex]::Escape($done.Id))\s+SUCCESS\s+100%\s+\d\d:\d\d:\d\d\s+$([regex]::Escape($done.Description))$"
    }

    It 'shows a task with its table by default' {
        Get-TableHeader (Show { $done }) | Should -Be @('Id', 'Status', 'Progress', 'Duration', 'Description')
    }

    It 'reads a duration as hh:mm:ss, d.hh:mm:ss beyond a day, and empty when the task has not started' {
        $lines = Show { $done | Format-List }
        $lines | Where-Object { $_ -match '^Duration\s*:' } | Should -Match '^Duration\s*: \d\d:\d\d:\d\d$'
        $queued = [Srm.Client.Models.SrmTask]::new('t-1', 'QUEUED')
        (Show { $queued | Format-Table })[-1] | Should -Match '^t-1\s+QUEUED\s+0%$'
        $long = [Srm.Client.Models.SrmTask]::new('t-2', 'RUNNING')
        $long.GetType().GetProperty('StartTime').SetValue($long, [DateTimeOffset]::UtcNow.AddDays(-2).AddMinutes(-3))
        (Show { $long | Format-Table })[-1] | Should -Match '^t-2\s+RUNNING\s+0%\s+2\.00:0[23]:\d\d$'
    }

    It 'lists the rest of a task' {
        $lines = Show { $done | Format-List }
        $labels = $lines | ForEach-Object { ($_ -split '\s*:', 2)[0] }
        foreach ($name in 'Id', 'Status', 'Progress', 'Description', 'DescriptionId', 'Entity', 'Error', 'Result',
            'QueuedTime', 'StartTime', 'CompleteTime', 'Duration', 'RetrievedAt', 'Connection') {
            $labels | Should -Contain $name
        }
    }

    It 'shows a pairing as PairingId, remote vCenter, remote SRM and status' {
        $lines = Show { Get-SrmPairing | Format-Table }
        Get-TableHeader $lines | Should -Be @('PairingId', 'RemoteVcServer', 'RemoteSrmServer', 'Status')
        $lines[-1] | Should -Match "^$($pairing.PairingId)\s+vc-b\.example\.com\s+srm-b\.example\.com\s+OK$"
    }

    It 'lists the four servers of a pairing with name, id, url, status and version' {
        $lines = Show { $pairing | Format-List }
        foreach ($role in 'RemoteVcServer', 'RemoteSrmServer', 'LocalVcServer', 'LocalSrmServer') {
            $server = $pairing.$role
            $line = $lines | Where-Object { $_ -match "^$role\s*:" }
            $line | Should -Not -BeNullOrEmpty -Because "the list shows $role"
            foreach ($part in $server.Name, $server.Id, $server.Url, $server.ServerStatus, $server.Version) {
                $line | Should -BeLike "*$part*"
            }
        }
    }

    It 'shows a connection as Server, Port, User, Name, Version, IsDefault' {
        $lines = Show { $conn | Format-Table }
        Get-TableHeader $lines | Should -Be @('Server', 'Port', 'User', 'Name', 'Version', 'IsDefault')
        $lines[-1] | Should -Match "^$([regex]::Escape($sim.Server))\s+$($sim.Port)\s+administrator@vsphere\.local\s+$([regex]::Escape($conn.Name))\s+$([regex]::Escape($conn.Version))\s+True$"
    }

    It 'lists the rest of a connection, never a session id' {
        $lines = Show { $conn | Format-List }
        $labels = $lines | ForEach-Object { ($_ -split '\s*:', 2)[0] }
        foreach ($name in 'Server', 'Port', 'BaseUri', 'User', 'Name', 'Version', 'VcName', 'VcGuid', 'IsConnected', 'IsDefault') {
            $labels | Should -Contain $name
        }
        ($lines -join "`n") | Should -Not -BeLike '*session*'
    }
}

Describe 'Status colour' {
    BeforeEach {
        $script:savedRendering = $PSStyle.OutputRendering
        $script:savedNoColor = $env:NO_COLOR
        $env:NO_COLOR = $null
    }
    AfterEach {
        $PSStyle.OutputRendering = $script:savedRendering
        $env:NO_COLOR = $script:savedNoColor
    }

    It 'colours SUCCESS green, ERROR red and RUNNING yellow when the host renders ANSI' {
        $PSStyle.OutputRendering = 'Ansi'
        $tasks = @($done) + @('ERROR', 'RUNNING' | ForEach-Object { [Srm.Client.Models.SrmTask]::new("t-$_", $_) })
        $text = $tasks | Format-Table | Out-String -Width 250
        $text.Contains("$($PSStyle.Foreground.Green)SUCCESS$($PSStyle.Reset)") | Should -BeTrue -Because 'SUCCESS is green'
        $text.Contains("$($PSStyle.Foreground.Red)ERROR$($PSStyle.Reset)") | Should -BeTrue -Because 'ERROR is red'
        $text.Contains("$($PSStyle.Foreground.Yellow)RUNNING$($PSStyle.Reset)") | Should -BeTrue -Because 'RUNNING is yellow'
        ($done | Format-List | Out-String -Width 250).Contains("$($PSStyle.Foreground.Green)SUCCESS$($PSStyle.Reset)") | Should -BeTrue
    }

    It 'leaves QUEUED plain' {
        $PSStyle.OutputRendering = 'Ansi'
        $row = ([Srm.Client.Models.SrmTask]::new('t-q', 'QUEUED') | Format-Table -HideTableHeaders | Out-String -Width 250).Trim()
        $row | Should -Match '^t-q\s+QUEUED\s+0%$'
    }

    It 'writes no escape character with NO_COLOR set, even when the host renders ANSI' {
        # PowerShell itself colours table headers and list labels then; the module's cells stay plain.
        $PSStyle.OutputRendering = 'Ansi'
        $env:NO_COLOR = '1'
        $tasks = @($done) + @('ERROR', 'RUNNING' | ForEach-Object { [Srm.Client.Models.SrmTask]::new("t-$_", $_) })
        ($tasks | Format-Table -HideTableHeaders | Out-String -Width 250) | Should -Not -Match '\x1b'
        ($done | Format-List | Out-String -Width 250).Contains("$($PSStyle.Foreground.Green)SUCCESS") | Should -BeFalse
    }

    It 'writes no escape character when NO_COLOR is set as PowerShell starts' {
        $command = "Import-Module '$((Get-SrmModulePath).Replace("'", "''"))'; " +
            "[Srm.Client.Models.SrmTask]::new('t-1', 'SUCCESS') | Format-Table | Out-String; [Srm.Client.Models.SrmTask]::new('t-1', 'SUCCESS') | Format-List | Out-String"
        $saved = $env:NO_COLOR
        $env:NO_COLOR = '1'
        try {
            $out = Invoke-SrmChildPwsh -Command $command
        } finally {
            $env:NO_COLOR = $saved
        }
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        ($out -join "`n") | Should -BeLike '*SUCCESS*'
        ($out -join "`n") | Should -Not -Match '\x1b'
    }

    It 'writes no escape character with OutputRendering PlainText' {
        $PSStyle.OutputRendering = 'PlainText'
        ($done | Format-Table | Out-String -Width 250) | Should -Not -Match '\x1b'
        ($done | Format-List | Out-String -Width 250) | Should -Not -Match '\x1b'
    }
}

Describe 'Pairing table at 120 columns' {
    BeforeAll {
        # A remote site with names as long as real ones get: the row must still fit on one line with its status.
        $sites = Get-Content -LiteralPath (Join-Path (Get-SrmRepoRoot) 'src' 'SrmPairing.Simulator' 'sites.example.json') -Raw | ConvertFrom-Json
        $site = $sites.remote_sites | Where-Object vc_name -eq 'vc-b.example.com'
        $site.vc_name = 'vcsa-prod-01.site-b.dr.corp.example.com'
        $site.srm_name = 'srm-prod-01.site-b.dr.corp.example.com'
        $file = Join-Path $TestDrive 'long-names.json'
        $sites | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $file
        $script:longSim = Start-SrmSimulator -TaskDurationMs 100 -SitesFile $file
        $script:longConn = Connect-SrmServer -Server $longSim.Server -Credential $cred -CertificateThumbprint $longSim.Thumbprint -NotDefault
        New-SrmPairing -Connection $longConn -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred | Wait-SrmTask | Out-Null
        $script:savedRendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'
    }
    AfterAll {
        $PSStyle.OutputRendering = $script:savedRendering
        Disconnect-SrmServer -Connection $longConn -ErrorAction SilentlyContinue
        Stop-SrmSimulator -Simulator $script:longSim
    }

    It 'shows each pairing on one line with its status, no value split across lines' {
        $pairings = @(Get-SrmPairing -Connection $longConn -IncludeSelf)
        $lines = ($pairings | Format-Table | Out-String -Width 120) -split "`r?`n" | ForEach-Object TrimEnd | Where-Object { $_ }
        Get-TableHeader $lines | Should -Be @('PairingId', 'RemoteVcServer', 'RemoteSrmServer', 'Status')
        $rows = @($lines | Select-Object -Skip 2)
        $rows.Count | Should -Be $pairings.Count -Because ($lines -join "`n")
        foreach ($p in $pairings) {
            $row = @($rows | Where-Object { $_.StartsWith($p.PairingId) })
            $row.Count | Should -Be 1 -Because ($lines -join "`n")
            $row[0].Length | Should -BeLessThan 120
            # A name longer than its column is shortened (with an ellipsis), never wrapped.
            $vc = $p.RemoteVcServer.Name.Substring(0, [Math]::Min(20, $p.RemoteVcServer.Name.Length))
            $srm = $p.RemoteSrmServer.Name.Substring(0, [Math]::Min(20, $p.RemoteSrmServer.Name.Length))
            $row[0] | Should -Match "^$($p.PairingId)\s+$([regex]::Escape($vc))\S*\s+$([regex]::Escape($srm))\S*\s+OK$"
        }
    }
}
