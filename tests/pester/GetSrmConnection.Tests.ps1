#Requires -Version 7.2
# Get-SrmConnection: this runspace's open connections, the default one first; -Server by text form (wildcards
# allowed), -Default; nothing sent; IsDefault in the views belongs to the runspace showing them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:modulePath = Get-SrmModulePath
    $script:sim = Start-SrmSimulator
    # The simulator takes the user name in any case: two users tell the two sessions apart.
    $script:cred1 = Get-SrmTestCredential 'administrator@vsphere.local'
    $script:cred2 = Get-SrmTestCredential 'ADMINISTRATOR@VSPHERE.LOCAL'

    # Other test files may leave connections open in this process: look at this simulator's only.
    function script:Mine {
        @(Get-SrmConnection @args | Where-Object Port -eq $sim.Port)
    }

    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    function script:Same($Actual, $Expected) {
        $Actual.Count | Should -Be $Expected.Count
        for ($i = 0; $i -lt $Expected.Count; $i++) {
            [object]::ReferenceEquals($Actual[$i], $Expected[$i]) | Should -BeTrue -Because "item $i is $($Expected[$i])"
        }
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Get-SrmConnection' {
    BeforeEach {
        # Opened first but not the default: the list must still start with the default.
        $script:one = Connect-SrmServer -Server $sim.Server -Credential $cred1 -CertificateThumbprint $sim.Thumbprint -NotDefault
        $script:two = Connect-SrmServer -Server $sim.Server -Credential $cred2 -CertificateThumbprint $sim.Thumbprint
    }

    AfterEach {
        Disconnect-SrmServer -Connection $one, $two -ErrorAction SilentlyContinue
    }

    It 'lists the open connections, the default one first' {
        [object]::ReferenceEquals(@(Get-SrmConnection)[0], $two) | Should -BeTrue
        Same @(Mine) @($two, $one)
    }

    It 'lists two connections to one server, each with its own text form' {
        (Mine).ForEach('ToString') | Should -Be @("$($sim.Server)#2", $sim.Server)
    }

    It '-Server takes a text form as -Connection does' {
        Same @(Get-SrmConnection -Server $sim.Server) @($one)
        Same @(Get-SrmConnection -Server "$($sim.Server)#2") @($two)
        Same @(Get-SrmConnection -Server "https://$($sim.Server)") @($one)
        Same @(Get-SrmConnection $one.ToString(), $two.ToString()) @($two, $one)
    }

    It '-Server takes wildcards, ignoring case, and a pattern that matches nothing gives nothing' {
        Same @(Mine -Server "*:$($sim.Port)*") @($two, $one)
        Same @(Get-SrmConnection -Server '*#2' | Where-Object Port -eq $sim.Port) @($two)
        $found = @(Get-SrmConnection -Server 'NOWHERE-*', '*.invalid' -ErrorVariable problems)
        $found.Count | Should -Be 0
        $problems.Count | Should -Be 0
    }

    It 'writes SrmConnectionNotFound for a text without wildcards that names no open connection, and goes on' {
        $found = @(Get-SrmConnection -Server 'nowhere.example.com', $one.ToString(), "$($sim.Server)#3" -ErrorVariable problems -ErrorAction SilentlyContinue)
        Same $found @($one)
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'SrmConnectionNotFound,Srm.PowerShell.Commands.GetSrmConnectionCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'nowhere.example.com'
        $problems[0].Exception.Message | Should -BeLike '*no open connection nowhere.example.com*'
        $problems[1].TargetObject | Should -Be "$($sim.Server)#3"
        { Get-SrmConnection -Server 'nowhere.example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'SrmConnectionNotFound,Srm.PowerShell.Commands.GetSrmConnectionCommand'
    }

    It '-Default gets the default connection only, and nothing when there is none' {
        Same @(Get-SrmConnection -Default) @($two)
        Disconnect-SrmServer
        $none = @(Get-SrmConnection -Default -ErrorVariable problems)
        $none.Count | Should -Be 0
        $problems.Count | Should -Be 0
        Same @(Mine) @($one)
    }

    It 'does not list closed connections, also one closed by another runspace' {
        Disconnect-SrmServer -Connection $one
        Same @(Mine) @($two)
        # Closed in another runspace: this runspace still holds it, closed.
        $two | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            Disconnect-SrmServer -Connection $_
        }
        $two.IsConnected | Should -BeFalse
        Mine | Should -BeNullOrEmpty
        Get-SrmConnection -Default | Should -BeNullOrEmpty
    }

    It 'sends no request' {
        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        $null = Get-SrmConnection
        $null = Get-SrmConnection -Server $sim.Server, '*#2', 'nowhere.example.com' -ErrorAction SilentlyContinue
        $null = Get-SrmConnection -Default
        $null = Get-SrmConnection | Format-Table | Out-String
        $null = Get-SrmConnection | Format-List | Out-String
        $null = Complete 'Get-SrmConnection -Server '
        Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
    }

    It 'does not list the connections of another runspace, nor they its' {
        $there = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            $before = @(Get-SrmConnection | ForEach-Object ToString)
            $own = Connect-SrmServer -Server ($using:sim).Server -Credential $using:cred1 -CertificateThumbprint ($using:sim).Thumbprint
            $listed = @(Get-SrmConnection)
            [pscustomobject]@{ Before = $before; Listed = $listed; Own = $own; Default = Get-SrmConnection -Default }
        }
        $there.Before | Should -BeNullOrEmpty
        Same $there.Listed @($there.Own)
        [object]::ReferenceEquals($there.Default, $there.Own) | Should -BeTrue
        try {
            # Still open, in this runspace too, yet not listed here.
            $there.Own.IsConnected | Should -BeTrue
            Same @(Mine) @($two, $one)
            Get-SrmConnection -Server "*#3" | Should -BeNullOrEmpty
        } finally {
            Disconnect-SrmServer -Connection $there.Own
        }
    }

    It 'shows Server, Port, User, Name, Version and IsDefault in its table' {
        $lines = (Mine | Format-Table | Out-String -Width 250) -split "`r?`n" | ForEach-Object TrimEnd | Where-Object { $_ }
        $dashes = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^\s*-+(\s+-+)*\s*$' })
        @($lines[$dashes - 1].Trim() -split '\s+') | Should -Be @('Server', 'Port', 'User', 'Name', 'Version', 'IsDefault')
        $name = [regex]::Escape($two.Name)
        $version = [regex]::Escape($two.Version)
        $lines[$dashes + 1] | Should -Match "^$([regex]::Escape("$($sim.Server)#2"))\s+$($sim.Port)\s+ADMINISTRATOR@VSPHERE\.LOCAL\s+$name\s+$version\s+True$"
        $lines[$dashes + 2] | Should -Match "^$([regex]::Escape($sim.Server))\s+$($sim.Port)\s+administrator@vsphere\.local\s+$name\s+$version\s+False$"
        (Mine -Default | Format-List | Out-String) | Should -Match '(?m)^IsDefault\s+:\s+True\s*$'
    }

    It 'shows IsDefault for the runspace showing it, not the one that opened it' {
        $shown = $two | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            [pscustomobject]@{ Table = $_ | Format-Table | Out-String -Width 250; List = $_ | Format-List | Out-String -Width 250 }
        }
        $shown.Table | Should -Match "$([regex]::Escape("$($sim.Server)#2")).*\sFalse\s*$"
        $shown.List | Should -Match '(?m)^IsDefault\s+:\s+False\s*$'
        ($two | Format-Table | Out-String -Width 250) | Should -Match '\sTrue\s*$'
    }

    It 'completes -Server with the open connections'' text forms, the default one first' {
        foreach ($line in 'Get-SrmConnection -Server ', 'Get-SrmConnection ', 'SrmPairing\Get-SrmConnection -Server ') {
            $m = @(Complete $line | Where-Object ListItemText -like "*:$($sim.Port)*")
            $m.ListItemText | Should -Be @($two.ToString(), $one.ToString()) -Because $line
            $m[0].CompletionText | Should -Be "'$two'" -Because 'a text with # comes quoted'
        }
        # Connect-SrmServer -Server still gets each server once.
        @((Complete 'Connect-SrmServer -Server ').ListItemText | Where-Object { $_ -like "*:$($sim.Port)*" }) | Should -Be @($sim.Server)
    }

    It 'pipes its connections to Disconnect-SrmServer' {
        Get-SrmConnection -Server "*:$($sim.Port)*" | Disconnect-SrmServer
        $one.IsConnected | Should -BeFalse
        $two.IsConnected | Should -BeFalse
        Mine | Should -BeNullOrEmpty
    }
}
