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
    $script:remoteCred = Get-SrmTestCredential $b.PscUsername $b.PscPassword
    $script:reconnect = 'POST /pairings/{pairing_id}/actions/reconnect'
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
        $script:pb = Get-SrmPairing -RemoteVcGuid $b.VcGuid
        $script:self = Get-SrmPairing -IncludeSelf | Where-Object IsSelf
    }

    AfterAll {
        Disconnect-SrmServer -ErrorAction SilentlyContinue
    }

    Describe 'Repair-SrmPairing' {
        It 'takes the spec parameters of New-SrmPairing, with the same aliases' {
            $repair = (Get-Command Repair-SrmPairing).Parameters
            $new = (Get-Command New-SrmPairing).Parameters
            foreach ($name in 'RemotePscUrl', 'RemotePscPort', 'RemotePscThumbprint', 'RemoteCredential', 'RemoteVcGuid', 'RemoteSrmUrl', 'RemoteSrmThumbprint') {
                $repair.ContainsKey($name) | Should -BeTrue -Because $name
                @($repair[$name].Aliases | Sort-Object) | Should -Be @($new[$name].Aliases | Sort-Object) -Because $name
            }
        }

        It '-WhatIf sends nothing' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred -WhatIf | Should -BeNullOrEmpty
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'checks the spec like New-SrmPairing before sending anything' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $e = (Get-ErrorRecord { $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred -RemoteSrmUrl $b.SrmUrl })[0]
            Assert-SrmError $e -ErrorId SrmInvalidPairingSpec -Category InvalidArgument
            "$e" | Should -BeLike '*pair_srm_thumbprint*'
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'refuses the self entry without sending anything' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim
            $e = (Get-ErrorRecord { $self | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred })[0]
            Assert-SrmError $e -ErrorId SrmSelfPairing -Category InvalidOperation
            Get-SrmSimulatorRequestCount -Simulator $sim | Should -Be $before
        }

        It 'writes SrmPairingNotFound for an unknown pairing id' {
            $e = (Get-ErrorRecord { Repair-SrmPairing -PairingId ([guid]::NewGuid()) -RemoteVcGuid $b.VcGuid -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred })[0]
            Assert-SrmError $e -ErrorId SrmPairingNotFound -Category ObjectNotFound
        }

        It 'reconnects a piped pairing, taking its remote vCenter GUID, and returns the task' {
            $before = Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint $reconnect
            $task = Repair-SrmPairing -Pairing $pb -RemotePscUrl $b.PscUrl -RemoteCredential $remoteCred
            $task | Should -BeOfType 'SrmPairing.Models.SrmTask'
            ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
            (Get-SrmSimulatorRequestCount -Simulator $sim -Endpoint $reconnect) - $before | Should -Be 1
        }

        It 'repairs a pairing after the remote certificates changed, given the new thumbprints' {
            $new = Invoke-SrmSimulatorControl -Simulator $sim -Path "sites/$($b.VcGuid)/rotate-certificates" -Method Post
            $stale = $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemotePscThumbprint $b.PscThumbprint -RemoteCredential $remoteCred |
                Wait-SrmTask -ErrorVariable failed -ErrorAction SilentlyContinue
            $stale.Status | Should -Be 'ERROR'
            Assert-SrmError $failed[0] -ErrorId SrmTaskFailed -Category InvalidResult

            $fixed = $pb | Repair-SrmPairing -RemotePscUrl $b.PscUrl -RemotePscThumbprint $new.psc_thumbprint `
                -RemoteSrmUrl $b.SrmUrl -RemoteSrmThumbprint $new.srm_thumbprint -RemoteCredential $remoteCred | Wait-SrmTask
            $fixed.Status | Should -Be 'SUCCESS'
        }

        It 'binds CSV rows by the API names, pairing_id included' {
            $row = [pscustomobject]@{ pairing_id = $pb.PairingId; url = $b.PscUrl; port = '443'; thumbprint = ''; pair_vc_guid = $b.VcGuid; pair_srm_url = ''; pair_srm_thumbprint = '' }
            ($row | Repair-SrmPairing -RemoteCredential $remoteCred | Wait-SrmTask).Status | Should -Be 'SUCCESS'
        }
    }
}
