#Requires -Version 7.2
# Tab completion of -Id (recent tasks), -PairingId and -RemoteVcGuid (listed pairings) and -Connection /
# Connect-SrmServer -Server (open connections).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c

    # What TAB offers at the end of $Line.
    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches)
    }

    # Puts a task into the module's recent-task cache as if a cmdlet had emitted it (for ids the simulator never makes).
    function script:Remember-Task([string] $Id, [string] $Description, $Connection) {
        $task = [Srm.Client.Models.SrmTask]::new($Id, 'RUNNING')
        $task.GetType().GetProperty('Connection').SetValue($task, $Connection)
        $task.GetType().GetProperty('Description').SetValue($task, $Description)
        $cache = [Srm.PowerShell.Commands.WaitSrmTaskCommand].Assembly.GetType('Srm.PowerShell.Commands.SrmRecentTasks', $true)
        $null = $cache.GetMethod('Remember', [System.Reflection.BindingFlags] 'NonPublic, Static').Invoke($null, @($task))
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Completing -Id' {
    BeforeAll {
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $script:t1 = New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred
        $script:t2 = New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred
    }
    AfterAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'offers the tasks New-SrmPairing emitted, newest first, with the description as tooltip (<_>)' -ForEach 'Wait-SrmTask', 'Get-SrmTask' {
        $m = Complete "$_ -Id "
        $m.CompletionText | Should -Be @($t2.Id, $t1.Id)
        $m[0].ResultType | Should -Be 'ParameterValue'
        $m[0].ListItemText | Should -Be $t2.Id
        $m[0].ToolTip | Should -BeLike "$($t2.Description)*"
        $m[1].ToolTip | Should -BeLike "$($t1.Description)*"
    }

    It 'completes the positional id of Get-SrmTask too' {
        (Complete 'Get-SrmTask ').CompletionText | Should -Contain $t1.Id
    }

    It 'filters by what was typed, as a wildcard, ignoring case' {
        (Complete "Wait-SrmTask -Id $($t1.Id.ToUpperInvariant())").CompletionText | Should -Be @($t1.Id)
        (Complete "Get-SrmTask -Id *$($t2.Id.Substring($t2.Id.Length - 2))").CompletionText | Should -Be @($t2.Id)
        (Complete "Get-SrmTask -Id '$($t1.Id)").CompletionText | Should -Be @($t1.Id)
        Complete 'Wait-SrmTask -Id no-such-' | Should -BeNullOrEmpty
    }

    It 'sends nothing to the server' {
        $before = Get-SrmSimulatorRequestCount -Simulator $sim
        1..5 | ForEach-Object { $null = Complete 'Wait-SrmTask -Id ' }
        # The stats call itself is not an API request.
        Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
    }

    It 'learns the tasks Get-SrmTask and Wait-SrmTask emit, per connection' {
        $other = Connect-SrmServer -Server "localhost:$($sim.Port)" -Credential $cred -SkipCertificateCheck -NotDefault -WarningAction SilentlyContinue
        try {
            Complete 'Wait-SrmTask -Connection $other -Id ' | Should -BeNullOrEmpty
            $null = Get-SrmTask -Id $t1.Id -Connection $other
            (Complete 'Wait-SrmTask -Connection $other -Id ').CompletionText | Should -Be @($t1.Id)
            $null = Wait-SrmTask -Id $t2.Id -Connection $other
            (Complete 'Wait-SrmTask -Connection $other -Id ').CompletionText | Should -Be @($t2.Id, $t1.Id)
            (Complete "Wait-SrmTask -Connection localhost:$($sim.Port) -Id ").CompletionText | Should -Be @($t2.Id, $t1.Id)
        } finally {
            Disconnect-SrmServer -Connection $other
        }
    }

    It 'quotes an id with spaces' {
        Remember-Task -Id 'odd task 1' -Description 'An id with spaces' -Connection $conn
        $m = Complete 'Wait-SrmTask -Id odd'
        $m.CompletionText | Should -Be @("'odd task 1'")
        $m.ListItemText | Should -Be @('odd task 1')
        $m.ToolTip | Should -BeLike 'An id with spaces*'
    }

    It 'shows a description from the server with its control characters made visible, and offers no id holding them' {
        Remember-Task -Id 'ctl-task-1' -Description "Pair `e[2J`r`nVERBOSE: fake" -Connection $conn
        Remember-Task -Id "ctl-task-`e[2J" -Description 'An id with an escape' -Connection $conn
        $m = Complete 'Wait-SrmTask -Id ctl-'
        $m.CompletionText | Should -Be @('ctl-task-1')
        $m[0].ToolTip | Should -Not -Match '[\x00-\x1f]'
        $m[0].ToolTip | Should -Match ([regex]::Escape("Pair $([char] 0x241B)[2J$([char] 0x240D)$([char] 0x240A)VERBOSE: fake"))
    }

    It 'keeps a bounded number of tasks per connection' {
        1..40 | ForEach-Object { Remember-Task -Id "bulk-$_" -Description "Bulk $_" -Connection $conn }
        $m = Complete 'Wait-SrmTask -Id '
        $m.Count | Should -BeLessOrEqual 30
        $m[0].CompletionText | Should -Be 'bulk-40'
        $m.CompletionText | Should -Not -Contain 'bulk-1'
    }

    It 'offers nothing when there is no connection' {
        Disconnect-SrmServer
        Complete 'Wait-SrmTask -Id ' | Should -BeNullOrEmpty
    }
}

Describe 'Completing pairings' {
    BeforeDiscovery {
        # Each parameter that completes from the listed pairings; Self: whether the site's own entry is offered.
        $script:pairingCases = @(
            @{ Command = 'Connect-SrmRemoteSite'; Parameter = 'PairingId'; Self = $false }
            @{ Command = 'Remove-SrmPairing'; Parameter = 'PairingId'; Self = $false }
            @{ Command = 'Repair-SrmPairing'; Parameter = 'PairingId'; Self = $false }
            @{ Command = 'Get-SrmPairing'; Parameter = 'PairingId'; Self = $true }
            @{ Command = 'Get-SrmPairing'; Parameter = 'RemoteVcGuid'; Self = $false }
            @{ Command = 'New-SrmPairing'; Parameter = 'RemoteVcGuid'; Self = $false }
            @{ Command = 'Test-SrmPairing'; Parameter = 'RemoteVcGuid'; Self = $false }
            @{ Command = 'Repair-SrmPairing'; Parameter = 'RemoteVcGuid'; Self = $false }
        )
    }
    BeforeAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
        Invoke-SrmSimulatorControl -Simulator $sim -Path reset -Method Post | Out-Null
        # Pair with B and C on a connection of its own, closed again: what it saw is not this test's.
        $setup = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -MaxRequestsPerMinute 0
        New-SrmPairing -Connection $setup -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $cred | Wait-SrmTask | Out-Null
        New-SrmPairing -Connection $setup -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred | Wait-SrmTask | Out-Null
        Disconnect-SrmServer -Connection $setup
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -MaxRequestsPerMinute 0
        $script:other = Connect-SrmServer -Server "localhost:$($sim.Port)" -Credential $cred -SkipCertificateCheck -NotDefault -MaxRequestsPerMinute 0 -WarningAction SilentlyContinue

        # What <Command> -<Parameter> should offer from the pairings given, in their order.
        function script:Expected($Pairings, [string] $Parameter, [bool] $Self) {
            $offered = @($Pairings | Where-Object { $Self -or -not $_.IsSelf })
            if ($Parameter -eq 'PairingId') { $offered.PairingId } else { $offered.RemoteVcGuid }
        }
        # The pairing a completion entry stands for.
        function script:PairingOf($Pairings, [string] $Parameter, [string] $Text) {
            $Pairings | Where-Object { $_.$Parameter -eq $Text } | Select-Object -First 1
        }
    }
    AfterAll {
        Disconnect-SrmServer -Connection $other -ErrorAction SilentlyContinue
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'offers nothing before any listing (<Command> -<Parameter>)' -ForEach $pairingCases {
        Complete "$Command -$Parameter " | Should -BeNullOrEmpty
    }

    Context 'after Get-SrmPairing' {
        BeforeAll {
            $script:listed = @(Get-SrmPairing -IncludeSelf)
            $script:pb = $listed | Where-Object RemoteVcGuid -eq $b.VcGuid
            $script:pc = $listed | Where-Object RemoteVcGuid -eq $c.VcGuid
        }

        It 'offers the listed pairings with the remote vCenter Server as tooltip (<Command> -<Parameter>)' -ForEach $pairingCases {
            $m = Complete "$Command -$Parameter "
            $m.CompletionText | Should -Be @(Expected $listed $Parameter $Self)
            foreach ($entry in $m) {
                $entry.ResultType | Should -Be 'ParameterValue'
                $entry.ListItemText | Should -Be $entry.CompletionText
                $pairing = PairingOf $listed $Parameter $entry.CompletionText
                $entry.ToolTip | Should -BeLike "*vCenter Server $($pairing.RemoteVcServer.Name)*"
                if ($Parameter -eq 'RemoteVcGuid') { $entry.ToolTip | Should -BeLike "*already paired*$($pairing.PairingId)*" }
            }
        }

        It 'does not offer the self entry for -PairingId where it is refused, and says what it is where offered' {
            $listed.Count | Should -Be 3
            $self = $listed | Where-Object IsSelf
            (Complete 'Remove-SrmPairing -PairingId ').CompletionText | Should -Not -Contain $self.PairingId
            $entry = Complete "Get-SrmPairing -PairingId $($self.PairingId)"
            $entry.CompletionText | Should -Be @($self.PairingId)
            $entry.ToolTip | Should -BeLike "*own entry*"
            (Complete 'New-SrmPairing -RemoteVcGuid ').CompletionText | Should -Not -Contain $self.RemoteVcGuid
        }

        It 'filters by what was typed, as a wildcard, ignoring case (<Command> -<Parameter>)' -ForEach $pairingCases {
            $value = $pb.$Parameter
            (Complete "$Command -$Parameter $($value.ToUpperInvariant())").CompletionText | Should -Be @($value)
            (Complete "$Command -$Parameter '*$($value.Substring($value.Length - 6))").CompletionText | Should -Be @($value)
            Complete "$Command -$Parameter no-such-" | Should -BeNullOrEmpty
        }

        It 'uses the -Connection on the command line (<Command> -<Parameter>)' -ForEach $pairingCases {
            $fresh = Connect-SrmServer -Server "localhost:$($sim.Port)" -Credential $cred -SkipCertificateCheck -NotDefault -MaxRequestsPerMinute 0 -WarningAction SilentlyContinue
            try {
                Complete "$Command -Connection `$fresh -$Parameter " | Should -BeNullOrEmpty
                Complete "$Command -Connection $($fresh.ToString()) -$Parameter " | Should -BeNullOrEmpty
                (Complete "$Command -Connection $($conn.ToString()) -$Parameter ").CompletionText | Should -Be @(Expected $listed $Parameter $Self)
                $null = Get-SrmPairing -Connection $fresh -RemoteVcGuid $c.VcGuid
                (Complete "$Command -Connection `$fresh -$Parameter ").CompletionText | Should -Be @(Expected @($pc) $Parameter $Self)
                (Complete "$Command -Connection $($fresh.ToString()) -$Parameter ").CompletionText | Should -Be @(Expected @($pc) $Parameter $Self)
            } finally {
                Disconnect-SrmServer -Connection $fresh
            }
        }

        It 'sends nothing to the server (<Command> -<Parameter>)' -ForEach $pairingCases {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            (Complete "$Command -$Parameter ").CompletionText | Should -Be @(Expected $listed $Parameter $Self)
            1..3 | ForEach-Object { $null = Complete "$Command -$Parameter " }
            $null = Complete "$Command -Connection `$other -$Parameter "
            # The stats call itself is not an API request.
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'shows a vCenter name from the server with its control characters made visible, and offers no value holding them' {
            $odd = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -MaxRequestsPerMinute 0
            try {
                $local = [Srm.Client.Models.SrmServerInfo]::new($odd.VcGuid, 'vc-a', $null, 'OK', $null)
                $shown = [Srm.Client.Models.SrmPairing]::new('ctl-pairing-1', $local,
                    [Srm.Client.Models.SrmServerInfo]::new('ctl-guid-1', "vc-x `e[2J`r`nVERBOSE: fake", $null, 'OK', $null), $null, $null)
                $hidden = [Srm.Client.Models.SrmPairing]::new("ctl-pairing-`e[2J", $local,
                    [Srm.Client.Models.SrmServerInfo]::new("ctl-guid-`e[2J", 'vc-y', $null, 'OK', $null), $null, $null)
                $store = [Srm.PowerShell.Commands.WaitSrmTaskCommand].Assembly.GetType('Srm.PowerShell.Commands.SrmRecentPairings', $true)
                $remember = $store.GetMethod('Remember', [System.Reflection.BindingFlags] 'NonPublic, Static', $null, [type[]] @([Srm.Client.Models.SrmPairing]), $null)
                foreach ($p in $shown, $hidden) {
                    $p.GetType().GetProperty('Connection').SetValue($p, $odd)
                    $null = $remember.Invoke($null, @($p))
                }
                $visible = [regex]::Escape("vc-x $([char] 0x241B)[2J$([char] 0x240D)$([char] 0x240A)VERBOSE: fake")
                foreach ($line in 'Remove-SrmPairing -Connection $odd -PairingId ctl-', 'New-SrmPairing -Connection $odd -RemoteVcGuid ctl-') {
                    $m = Complete $line
                    $m.CompletionText | Should -Be @($(if ($line -like '*PairingId*') { 'ctl-pairing-1' } else { 'ctl-guid-1' }))
                    $m[0].ToolTip | Should -Not -Match '[\x00-\x1f]'
                    $m[0].ToolTip | Should -Match $visible
                }
            } finally {
                Disconnect-SrmServer -Connection $odd
            }
        }

        It 'learns the pairing Connect-SrmRemoteSite emits' {
            $third = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -MaxRequestsPerMinute 0
            try {
                Complete 'Remove-SrmPairing -Connection $third -PairingId ' | Should -BeNullOrEmpty
                $null = Connect-SrmRemoteSite -Connection $third -PairingId $pb.PairingId -Credential (Get-SrmTestCredential $b.PscUsername $b.PscPassword)
                (Complete 'Remove-SrmPairing -Connection $third -PairingId ').CompletionText | Should -Be @($pb.PairingId)
            } finally {
                Disconnect-SrmServer -Connection $third
            }
        }

        It 'drops a pairing once its removal succeeded (its id typed in upper case), and learns the one Wait-SrmTask emits' {
            $task = Remove-SrmPairing -PairingId $pc.PairingId.ToUpperInvariant() -RemoteCredential (Get-SrmTestCredential $c.PscUsername $c.PscPassword) -Confirm:$false
            (Complete 'Remove-SrmPairing -PairingId ').CompletionText | Should -Contain $pc.PairingId
            $null = $task | Wait-SrmTask
            (Complete 'Remove-SrmPairing -PairingId ').CompletionText | Should -Not -Contain $pc.PairingId
            (Complete 'New-SrmPairing -RemoteVcGuid ').CompletionText | Should -Not -Contain $c.VcGuid

            $made = New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $cred | Wait-SrmTask
            $made.Pairing | Should -Not -BeNullOrEmpty
            (Complete 'Remove-SrmPairing -PairingId ').CompletionText[0] | Should -Be $made.Pairing.PairingId
            (Complete 'New-SrmPairing -RemoteVcGuid ').CompletionText | Should -Contain $c.VcGuid
        }

        It 'forgets a connection''s pairings when it is disconnected (<Command> -<Parameter>)' -ForEach $pairingCases {
            $closing = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -MaxRequestsPerMinute 0
            $null = Get-SrmPairing -Connection $closing -IncludeSelf
            (Complete "$Command -Connection `$closing -$Parameter ").CompletionText | Should -Not -BeNullOrEmpty
            Disconnect-SrmServer -Connection $closing
            Complete "$Command -Connection `$closing -$Parameter " | Should -BeNullOrEmpty
        }
    }
}

Describe 'Completing connections' {
    BeforeAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint
        $script:other = Connect-SrmServer -Server "localhost:$($sim.Port)" -Credential $cred -SkipCertificateCheck -NotDefault -WarningAction SilentlyContinue
        $script:withConnection = @(Get-Command -Module SrmPairing | Where-Object { $_.Parameters.ContainsKey('Connection') })
    }
    AfterAll {
        Disconnect-SrmServer -Connection $other -ErrorAction SilentlyContinue
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    It 'covers every cmdlet with -Connection' {
        $withConnection.Name | Sort-Object | Should -Be @('Connect-SrmRemoteSite', 'Disconnect-SrmServer', 'Get-SrmPairing', 'Get-SrmTask', 'New-SrmPairing', 'Remove-SrmPairing', 'Repair-SrmPairing', 'Test-SrmPairing', 'Wait-SrmTask')
    }

    It 'offers the open connections for -Connection of <_>, the default first' -ForEach @(
        'Connect-SrmRemoteSite', 'Disconnect-SrmServer', 'Get-SrmPairing', 'Get-SrmTask', 'New-SrmPairing', 'Remove-SrmPairing', 'Repair-SrmPairing', 'Test-SrmPairing', 'Wait-SrmTask') {
        $m = Complete "$_ -Connection "
        $m[0].CompletionText | Should -Be $conn.ToString()
        # Other test files may leave connections open in this process: look at this simulator's only.
        $m.CompletionText | Where-Object { $_ -like "*:$($sim.Port)" } | Should -Be @($conn.ToString(), $other.ToString())
        $m[0].ToolTip | Should -BeLike "*$($conn.User)*default*"
    }

    It 'offers the open connections for Connect-SrmServer -Server' {
        foreach ($line in 'Connect-SrmServer -Server ', 'Connect-SrmServer ') {
            $texts = (Complete $line).CompletionText
            $texts[0] | Should -Be $conn.ToString()
            $texts | Where-Object { $_ -like "*:$($sim.Port)" } | Should -Be @($conn.ToString(), $other.ToString())
        }
    }

    It 'filters by what was typed, as a wildcard, ignoring case' {
        (Complete 'Get-SrmPairing -Connection LOCAL').CompletionText | Should -Be @($other.ToString())
        (Complete "Get-SrmPairing -Connection *:$($sim.Port)").CompletionText | Should -Be @($conn.ToString(), $other.ToString())
        Complete 'Get-SrmPairing -Connection nowhere' | Should -BeNullOrEmpty
    }

    It 'binds the completed text to that connection' {
        $got = Get-SrmTask -Connection $other.ToString() | Select-Object -First 1
        [object]::ReferenceEquals($got.Connection, $other) | Should -BeTrue
    }

    It 'refuses text that names no open connection' {
        { Get-SrmTask -Connection 'nowhere.example.com' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,Srm.PowerShell.Commands.GetSrmTaskCommand' -ExpectedMessage '*no open connection to nowhere.example.com*'
    }

    It 'forgets a closed connection' {
        $second = Start-SrmSimulator -TaskDurationMs 300
        try {
            $third = Connect-SrmServer -Server $second.Server -Credential $cred -CertificateThumbprint $second.Thumbprint -NotDefault
            (Complete 'Get-SrmTask -Connection ').CompletionText | Should -Contain $third.ToString()
            Disconnect-SrmServer -Connection $third
            (Complete 'Get-SrmTask -Connection ').CompletionText | Should -Not -Contain $third.ToString()
            (Complete 'Connect-SrmServer -Server ').CompletionText | Should -Not -Contain $third.ToString()
        } finally {
            Stop-SrmSimulator -Simulator $second
        }
    }
}
