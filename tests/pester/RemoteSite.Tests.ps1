BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    $alternatives = Get-SrmSpecAlternative
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmSpecAlternatives.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:sim = Start-SrmSimulator -TaskDurationMs 300
    $script:cred = Get-SrmTestCredential
    $script:b = Get-SrmSimulatorSite vc-b
    $script:c = Get-SrmSimulatorSite vc-c
    $script:remoteCred = Get-SrmTestCredential $b.PscUsername $b.PscPassword
    $script:wrongCred = Get-SrmTestCredential $b.PscUsername 'not-the-password'
}

AfterAll {
    Stop-SrmSimulator -Simulator $script:sim
}

Describe 'Under <Name>' -ForEach $alternatives {
    BeforeAll {
        Reset-SrmSimulatorForAlternative -Simulator $sim -Alternatives $Alternatives
        # No client-side limit: these tests send more than 50 requests a minute on one session.
        $script:conn = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -MaxRequestsPerMinute 0
        New-SrmPairing -RemotePscUrl $b.PscUrl -RemoteVcGuid $b.VcGuid -RemoteCredential $remoteCred | Wait-SrmTask | Out-Null
        New-SrmPairing -RemotePscUrl $c.PscUrl -RemoteVcGuid $c.VcGuid -RemoteCredential $remoteCred | Wait-SrmTask | Out-Null
        $script:pb = Get-SrmPairing -RemoteVcGuid $b.VcGuid
        $script:pc = Get-SrmPairing -RemoteVcGuid $c.VcGuid
        $script:self = Get-SrmPairing -IncludeSelf | Where-Object IsSelf
    }

    AfterAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    Describe 'Get-SrmPairing: ids, remote vCenter filter and remote login state' {
        It 'reads pairings by id with one GET /pairings/{id} each' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /pairings/{pairing_id}'
            $got = Get-SrmPairing -PairingId $pb.PairingId, $pc.PairingId
            $got.PairingId | Should -Be @($pb.PairingId, $pc.PairingId)
            (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /pairings/{pairing_id}') - $before | Should -Be 2
        }

        It 'filters by remote vCenter GUID' {
            (Get-SrmPairing -RemoteVcGuid $c.VcGuid).RemoteVcServer.Name | Should -Be 'vc-c.example.com'
            @(Get-SrmPairing -RemoteVcGuid $b.VcGuid, $c.VcGuid).Count | Should -Be 2
            Get-SrmPairing -RemoteVcGuid ([guid]::NewGuid()) | Should -BeNullOrEmpty
        }

        It 'writes SrmPairingNotFound for an unknown id and goes on with the others' {
            $errors = Get-ErrorRecord { Get-SrmPairing -PairingId ([guid]::NewGuid()), $pb.PairingId }
            @($errors).Count | Should -Be 1
            Assert-SrmError $errors[0] -ErrorId SrmPairingNotFound -Category ObjectNotFound
            (Get-SrmPairing -PairingId ([guid]::NewGuid()), $pb.PairingId -ErrorAction SilentlyContinue).PairingId | Should -Be $pb.PairingId
        }

        It 'is one request by default and leaves the remote login state unknown, not "not logged in"' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $all = Get-SrmPairing
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be ($before + 1)
            @($all).Count | Should -Be 2
            foreach ($p in $all) {
                $p.IsRemoteLoggedIn | Should -BeNullOrEmpty
                $p.RemoteSessionUser | Should -BeNullOrEmpty
            }
            $text = Get-SrmPairing | Format-List | Out-String
            $text | Should -Not -Match 'IsRemoteLoggedIn\s*:\s*False'
            $text | Should -Match 'IsRemoteLoggedIn\s*:\s*\(unknown: Get-SrmPairing -IncludeRemoteSession'
            "$($all[0])" | Should -Be $all[0].PairingId
        }

        It 'with -IncludeRemoteSession shows each pairing as not logged in remotely before any remote login, without a new login' {
            $logins = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session'
            $all = Get-SrmPairing -IncludeRemoteSession -WarningVariable warned
            $all.IsRemoteLoggedIn | Should -Be @($false, $false)
            foreach ($p in $all) { $p.RemoteSessionUser | Should -BeNullOrEmpty }
            $warned | Should -BeNullOrEmpty
            (Get-SrmPairing -IncludeRemoteSession | Format-List | Out-String) | Should -Match 'IsRemoteLoggedIn\s*:\s*False'
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session' | Should -Be $logins
            $conn.IsConnected | Should -BeTrue
        }

        It 'with -PairingId is one GET /pairings/{id} and reads the remote login state only with -IncludeRemoteSession' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            (Get-SrmPairing -PairingId $pb.PairingId).IsRemoteLoggedIn | Should -BeNullOrEmpty
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be ($before + 1)
            (Get-SrmPairing -PairingId $pb.PairingId -IncludeRemoteSession).IsRemoteLoggedIn | Should -BeFalse
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'GET /pairings/{pairing_id}/remote-session' | Should -BeGreaterThan 0
        }

        It 'lists the pairings with a warning and the state unknown when the remote login state cannot be read' {
            $rule = Invoke-SrmSimulatorControl -Simulator $sim -Path faults -Method Post -Body @{ kind = 'status'; status = 500; endpoint = 'GET /pairings/{pairing_id}/remote-session' }
            try {
                $all = Get-SrmPairing -IncludeRemoteSession -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue
                $failed | Should -BeNullOrEmpty
                @($all).Count | Should -Be 2
                foreach ($p in $all) { $p.IsRemoteLoggedIn | Should -BeNullOrEmpty }
                @($warned).Count | Should -Be 2
                "$($warned[0])" | Should -BeLike '*remote login state*could not be read*unknown*'
            } finally {
                Invoke-SrmSimulatorControl -Simulator $sim -Path "faults/$($rule.id)" -Method Delete | Out-Null
            }
        }
    }

    Describe 'Connect-SrmRemoteSite' {
        It 'refuses the self entry without sending anything' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            Assert-SrmError (Get-ErrorRecord { $self | Connect-SrmRemoteSite -Credential $remoteCred })[0] -ErrorId SrmSelfPairing -Category InvalidOperation
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'writes SrmPairingNotFound for an unknown pairing id' {
            Assert-SrmError (Get-ErrorRecord { Connect-SrmRemoteSite -PairingId ([guid]::NewGuid()) -Credential $remoteCred })[0] -ErrorId SrmPairingNotFound -Category ObjectNotFound
        }

        It 'writes SrmRemoteLoginFailed for wrong remote credentials, without logging in locally again' {
            $logins = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session'
            $e = (Get-ErrorRecord { $pb | Connect-SrmRemoteSite -Credential $wrongCred })[0]
            Assert-SrmError $e -ErrorId SrmRemoteLoginFailed -Category AuthenticationError
            "$e" | Should -BeLike '*remote site*refused the credentials*'
            Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint 'POST /session' | Should -Be $logins
            (Get-SrmPairing -PairingId $pb.PairingId -IncludeRemoteSession).IsRemoteLoggedIn | Should -BeFalse
            $conn.IsConnected | Should -BeTrue
        }

        It 'logs in to the remote site and returns the pairing, read again, as logged in' {
            $p = $pb | Connect-SrmRemoteSite -Credential $remoteCred
            $p | Should -BeOfType 'Srm.Client.Models.SrmPairing'
            $p.PairingId | Should -Be $pb.PairingId
            $p.IsRemoteLoggedIn | Should -BeTrue
            $p.RemoteSessionUser | Should -Be $b.PscUsername
            (Get-SrmPairing -PairingId $pb.PairingId -IncludeRemoteSession).RemoteSessionUser | Should -Be $b.PscUsername
            (Get-SrmPairing -PairingId $pc.PairingId -IncludeRemoteSession).IsRemoteLoggedIn | Should -BeFalse
        }

        It 'takes -PairingId' {
            (Connect-SrmRemoteSite -PairingId $pc.PairingId -Credential $remoteCred).IsRemoteLoggedIn | Should -BeTrue
        }

        It 'keeps the remote login with the local session that made it' {
            $other = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault
            try {
                (Get-SrmPairing -Connection $other -PairingId $pb.PairingId -IncludeRemoteSession).IsRemoteLoggedIn | Should -BeFalse
                (Get-SrmPairing -PairingId $pb.PairingId -IncludeRemoteSession).IsRemoteLoggedIn | Should -BeTrue
            } finally {
                Disconnect-SrmServer -Connection $other
            }
        }
    }

    Describe 'Connect-SrmServer -RemoteCredential' {
        It 'logs the new session in to every paired remote site' {
            $x = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault -RemoteCredential $remoteCred
            try {
                $x | Should -BeOfType 'Srm.Client.Models.SrmConnection'
                (Get-SrmPairing -Connection $x -IncludeRemoteSession).IsRemoteLoggedIn | Should -Be @($true, $true)
            } finally {
                Disconnect-SrmServer -Connection $x
            }
        }

        It 'writes one SrmRemoteLoginFailed per refused site, naming the pairing and the remote vCenter, and still returns the connection' {
            $out = Connect-SrmServer -Server $sim.Server -Credential $cred -CertificateThumbprint $sim.Thumbprint -NotDefault `
                -RemoteCredential $wrongCred -ErrorVariable failed -ErrorAction SilentlyContinue
            try {
                $out | Should -BeOfType 'Srm.Client.Models.SrmConnection'
                $out.IsConnected | Should -BeTrue
                @($failed).Count | Should -Be 2
                foreach ($e in $failed) { Assert-SrmError $e -ErrorId SrmRemoteLoginFailed -Category AuthenticationError }
                "$($failed[0])" | Should -BeLike "*$($pb.PairingId)*vc-b.example.com*"
                "$($failed[1])" | Should -BeLike "*$($pc.PairingId)*vc-c.example.com*"
                $failed[0].TargetObject.PairingId | Should -Be $pb.PairingId
            } finally {
                Disconnect-SrmServer -Connection $out
            }
        }
    }
}
