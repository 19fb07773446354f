BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'SrmTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmAssertions.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SrmTwoSites.psm1') -Force
    Import-Module (Get-SrmModulePath) -Force
    $ProgressPreference = 'SilentlyContinue'
    $script:cred = Get-SrmTestCredential
    $script:pair = Start-SrmSitePair -Directory $TestDrive
    $script:simA = $pair.A
    $script:simB = $pair.B
    $script:vcB = $pair.SiteB

    function script:Get-Verbose([scriptblock] $Block) {
        $records = [System.Collections.Generic.List[object]]::new()
        & { $VerbosePreference = 'Continue'; & $Block } 4>&1 | ForEach-Object { $records.Add($_) }
        , $records.ToArray()
    }
}

AfterAll {
    Disconnect-SrmServer -ErrorAction SilentlyContinue
    Stop-SrmSimulator -Simulator $script:simA
    Stop-SrmSimulator -Simulator $script:simB
}

Describe 'New-SrmPairing -RemoteConnection' {
    BeforeEach {
        Invoke-SrmSimulatorControl -Simulator $simA -Path reset -Method Post | Out-Null
        $script:a = Connect-SrmServer -Server $simA.Server -Credential $cred -CertificateThumbprint $simA.Thumbprint -NotDefault
        $script:b = Connect-SrmServer -Server $simB.Server -Credential $cred -CertificateThumbprint $simB.Thumbprint -NotDefault
    }

    AfterEach {
        Disconnect-SrmServer -Connection $a, $b -ErrorAction SilentlyContinue
    }

    It 'site B is the vCenter Server A knows as vc-b' {
        $b.VcGuid | Should -Be $vcB.VcGuid
        $b.VcName | Should -Be $vcB.VcName
        $pair.CertB.Sha256Thumbprint | Should -Be $simB.Thumbprint
    }

    It 'pairs in one line: every value derived from the remote connection' {
        $done = New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred | Wait-SrmTask
        $done.Status | Should -Be 'SUCCESS'
        (Get-SrmPairing -Connection $a).RemoteVcServer.Id | Should -Be $vcB.VcGuid
        Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'POST /pairings' | Should -Be 1
    }

    It 'says in -Verbose where each value came from' {
        $out = Get-Verbose { New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred }
        $task = $out | Where-Object { $_ -is [Srm.Client.Models.SrmTask] }
        $verbose = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain "pair_vc_guid $($vcB.VcGuid) from srm-b.example.com's /server/info (vc_guid)."
        ($verbose -like 'url vc-b.example.com from srm-b.example.com''s /server/info (vc_name*') | Should -Not -BeNullOrEmpty
        $verbose | Should -Contain "pair_srm_url $($simB.Server) from the connection to srm-b.example.com."
        $verbose | Should -Contain "pair_srm_thumbprint $($pair.CertB.Sha1Thumbprint) (SHA-1) from a TLS handshake with $($simB.Server), the certificate pinned for that connection."
        ($verbose -like 'thumbprint: not read*vc-b.example.com*') | Should -Not -BeNullOrEmpty -Because 'the simulated PSC name does not resolve'
        $verbose | Where-Object { $_ -match '\.\.$' } | Should -BeNullOrEmpty -Because 'each line ends its sentence once'
        ($task | Wait-SrmTask).Status | Should -Be 'SUCCESS'
    }

    It 'lets explicit parameters win over derived values, and says so' {
        $out = Get-Verbose {
            New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred `
                -RemoteSrmThumbprint $pair.CertB.Sha256Thumbprint -RemotePscUrl 'vc-b.example.com' -RemotePscThumbprint $vcB.PscThumbprint
        }
        $verbose = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain "pair_srm_thumbprint $($pair.CertB.Sha256Thumbprint) from -RemoteSrmThumbprint."
        $verbose | Should -Contain "url vc-b.example.com from -RemotePscUrl."
        $verbose | Should -Contain "thumbprint $($vcB.PscThumbprint) from -RemotePscThumbprint."
        ($verbose -like '*TLS handshake*') | Should -BeNullOrEmpty -Because 'nothing was left to read'
        ($out | Where-Object { $_ -is [Srm.Client.Models.SrmTask] } | Wait-SrmTask).Status | Should -Be 'SUCCESS'
    }

    It 'sends the explicit value even when it is wrong: the task fails with SRM''s reason' {
        $task = New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred -RemoteSrmThumbprint (('34:' * 19) + '34')
        $final = $task | Wait-SrmTask -ErrorVariable ev -ErrorAction SilentlyContinue
        $final.Status | Should -Be 'ERROR'
        Assert-SrmError $ev[0] -ErrorId SrmTaskFailed -Category InvalidResult
        "$($ev[0])" | Should -BeLike '*thumbprint*'
    }

    It 'warns when -RemoteVcGuid is not the remote connection''s vCenter Server, and uses it' {
        $c = Get-SrmSimulatorSite vc-c
        $task = New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred -RemoteVcGuid $c.VcGuid -WarningVariable wv -WarningAction SilentlyContinue -WhatIf
        $task | Should -BeNullOrEmpty
        "$wv" | Should -BeLike "*$($c.VcGuid)*is not the vCenter Server of srm-b.example.com*"
    }

    It 'sends nothing and reads no certificate with -WhatIf, only the existing pairings' {
        $beforeA = Get-SrmSimulatorRequestCount -Simulator $simA
        $beforeRead = Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'GET /pairings'
        New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred -WhatIf | Should -BeNullOrEmpty
        (Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'GET /pairings') - $beforeRead | Should -Be 1
        (Get-SrmSimulatorRequestCount -Simulator $simA) - $beforeA | Should -Be 1
    }

    It 'refuses an existing pairing with one GET /pairings and no certificate read' {
        New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred | Wait-SrmTask | Out-Null
        $before = Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'GET /pairings'
        $err = Get-ErrorRecord { New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred }
        Assert-SrmError $err[-1] -ErrorId SrmAlreadyPaired -Category ResourceExists
        (Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'GET /pairings') - $before | Should -Be 1
    }

    It 'refuses the site itself as its remote connection (SrmCannotPairWithSelf)' {
        $err = Get-ErrorRecord { New-SrmPairing -Connection $a -RemoteConnection $a -RemoteCredential $cred }
        Assert-SrmError $err[-1] -ErrorId SrmCannotPairWithSelf -Category InvalidArgument
    }

    It 'refuses a closed remote connection (SrmConnectionClosed)' {
        Disconnect-SrmServer -Connection $b
        $err = Get-ErrorRecord { New-SrmPairing -Connection $a -RemoteConnection $b -RemoteCredential $cred }
        Assert-SrmError $err[-1] -ErrorId SrmConnectionClosed -Category ConnectionError
    }

    It 'stops with SrmCertificateNotTrusted when the remote SRM presents another certificate than the pinned one' {
        # Simulator A's certificate stands in for a certificate that changed (or a man in the middle): the
        # connection to B pins B's certificate, and the handshake reads A's.
        $fake = Connect-SrmServer -Server $simB.Server -Credential $cred -CertificateThumbprint $simB.Thumbprint -NotDefault
        try {
            $client = $fake.GetType().GetProperty('Client', [Reflection.BindingFlags] 'NonPublic, Instance').GetValue($fake)
            $options = $client.GetType().GetProperty('Options', [Reflection.BindingFlags] 'NonPublic, Instance').GetValue($client)
            $options.CertificateThumbprint = $simA.Thumbprint
            $before = Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'POST /pairings'
            $err = Get-ErrorRecord { New-SrmPairing -Connection $a -RemoteConnection $fake -RemoteCredential $cred }
            Assert-SrmError $err[-1] -ErrorId SrmCertificateNotTrusted -Category SecurityError
            "$($err[-1])" | Should -BeLike '*not the one pinned*'
            Get-SrmSimulatorRequestCount -Simulator $simA -Endpoint 'POST /pairings' | Should -Be $before
        } finally {
            Disconnect-SrmServer -Connection $fake
        }
    }

    It 'keeps CSV rows in the Spec parameter set' {
        $row = [pscustomobject]@{ url = $vcB.PscUrl; pair_vc_guid = $vcB.VcGuid }
        ($row | New-SrmPairing -Connection $a -RemoteCredential $cred | Wait-SrmTask).Status | Should -Be 'SUCCESS'
        $cmd = Get-Command New-SrmPairing
        $cmd.DefaultParameterSet | Should -Be 'Spec'
        $cmd.Parameters['RemoteConnection'].ParameterSets.Keys | Should -Be 'RemoteConnection'
        $cmd.ParameterSets.Where({ $_.Name -eq 'RemoteConnection' }).Parameters.Where({ $_.Name -eq 'RemoteVcGuid' }).IsMandatory | Should -BeFalse
    }
}
