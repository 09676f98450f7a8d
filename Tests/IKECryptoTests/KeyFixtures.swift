/// Keys generated for these tests with `openssl genpkey` (OpenSSL 3.0.19) and
/// converted with `openssl pkey`. They protect nothing.
enum KeyFixtures {
    /// RSA-2048, PKCS#1 "RSA PRIVATE KEY"
    static let rsaPKCS1 = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEAvbU56NEVxLlS2rOH1geu/Ly9CqKE6UkTbZwiOwu9UmfmWSQ9
        mPVaxMY6ykwxZUiwBf1sewNNvgLWDRxqA1INRDzVrDOuCBW292lLyqq/5Plj9T1f
        0lCYUZwANH7/bgFBt8LxQIkVAVhJMLUxcWwnTAcq25Wacnu2LA7JLza4YbEiYH+P
        Z7R2IK79al73wpjD5iSBCV5I1HPlSiquZlamMT4aMCfXtSycC9h+hqTQaKjaCw2/
        fUI+7pwBPIJdYIe9wjD/GkrQTc8xrLj4L4f7j8SYXDGnf62b26PC6MzRAqOI/UB5
        xzJ+ZBj9kAAtZbcmTEsBKQjmOsRXjzgfi8CpSQIDAQABAoIBAA5XRhirv6fGs7T9
        N+JN4+ROt0K3zPDeuZWCZVMN3OK/IHpyIybuO02fR5/12REVSNs3EG2PLyATUk+c
        64WzPPYA3E0/feM2EwYKg3R/anC6ipwmJtl9Brq6nohZZmFQPoHP/pFYm4olvKiu
        Nd3jZWgZrZt6aHnJkNitSHelfRRDYJwx5w9HHMeZL9qeQjVAMVLNANz5adybIOf7
        RrCB6dBJwJyUAAK0Z8ZUAaxZu3+PdjVrLIYNgSTJUIyr++G/SDw5GocE43uenikF
        xjdJxJLLAOxWuV9sFajh+/gX9v3I/U9Vg5CTnk3102EaAADrhwKDGgNyfCbjG4rr
        RZv7dEECgYEA6YUs/43keFf4xkXjsMwoxLadmmMlgfMdLcvqPJ6ZJ4zzcT2IZw+x
        tI3WY0r5Jx/MBpNcV9xHWOVItN/5Vr+n05ChlRuTVm6H+/EicyW6YSzFlbxXUrj4
        pBrC5rDVdJYEwg+KOVoZ09kGbaJZrfZHqY9I2Nfi+r8tjR+CA1Ylc6kCgYEAz/hZ
        W02dgQj0qhlGkSbBtqnH5ZqlTFme4JE+t63LjxbSLVRN8oqQGqYupfTEdYg3LMpI
        /W3zpC1lKOOHW07mc8xKMsNp4FbELdUeIrOjursRhhaTkTaA02ChXKxWOliZFpDC
        +zf66/T7a8zEUgt8W39r7i677w4HficsHdLvDKECgYEAsPN+lqPx1ZNr6uq4z5bU
        6cMrh/rLSD5uBO75LzhK++Jd8phbDSWiVhwIsbL1O8VneDAgEF/WHLGZt53kteyD
        Atkc5/0+V4doOeyOW0zif5JKot1WGlQZ7VhuChtDlJW9Q0Q9TJpO6e4RZfBZHm55
        /S2bWN22nKVTohWXEmor9QkCgYBo7QrgRtuFY6hVPaVdzGkFqMlC7XAigkDnWkCD
        WXsPOVtXJWaiTQiBeYClmEWaatwzi+ehfVzkY0bbh1geWENq/xIcZH1Bg2U9Hn4y
        0eF0b7daqH9RT2dVvjYLVKO4kkTCnszRBKBjddl3vPr7zfGzFCm3JPsKlFBxdIAM
        mASloQKBgExP9RWbAjsvpckhdLgVwxGDttT/ABi8efdjevwYDK9oj7fYzhPQD9/I
        8EEhbVaAn6UzNddX4amtUTXoA4Ym4j6F0zok2ZA8rx0ZTmVSOoqvtXApowTmXnr9
        bAOYT4BiprzjWHXK6bhAjmvx4A7IyeMQsRJmafG3oFK5upz0Pkj7
        -----END RSA PRIVATE KEY-----
        """
    /// the same RSA-2048 key, unencrypted PKCS#8
    static let rsaPKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC9tTno0RXEuVLa
        s4fWB678vL0KooTpSRNtnCI7C71SZ+ZZJD2Y9VrExjrKTDFlSLAF/Wx7A02+AtYN
        HGoDUg1EPNWsM64IFbb3aUvKqr/k+WP1PV/SUJhRnAA0fv9uAUG3wvFAiRUBWEkw
        tTFxbCdMByrblZpye7YsDskvNrhhsSJgf49ntHYgrv1qXvfCmMPmJIEJXkjUc+VK
        Kq5mVqYxPhowJ9e1LJwL2H6GpNBoqNoLDb99Qj7unAE8gl1gh73CMP8aStBNzzGs
        uPgvh/uPxJhcMad/rZvbo8LozNECo4j9QHnHMn5kGP2QAC1ltyZMSwEpCOY6xFeP
        OB+LwKlJAgMBAAECggEADldGGKu/p8aztP034k3j5E63QrfM8N65lYJlUw3c4r8g
        enIjJu47TZ9Hn/XZERVI2zcQbY8vIBNST5zrhbM89gDcTT994zYTBgqDdH9qcLqK
        nCYm2X0GurqeiFlmYVA+gc/+kVibiiW8qK413eNlaBmtm3poecmQ2K1Id6V9FENg
        nDHnD0ccx5kv2p5CNUAxUs0A3Plp3Jsg5/tGsIHp0EnAnJQAArRnxlQBrFm7f492
        NWsshg2BJMlQjKv74b9IPDkahwTje56eKQXGN0nEkssA7Fa5X2wVqOH7+Bf2/cj9
        T1WDkJOeTfXTYRoAAOuHAoMaA3J8JuMbiutFm/t0QQKBgQDphSz/jeR4V/jGReOw
        zCjEtp2aYyWB8x0ty+o8npknjPNxPYhnD7G0jdZjSvknH8wGk1xX3EdY5Ui03/lW
        v6fTkKGVG5NWbof78SJzJbphLMWVvFdSuPikGsLmsNV0lgTCD4o5WhnT2QZtolmt
        9kepj0jY1+L6vy2NH4IDViVzqQKBgQDP+FlbTZ2BCPSqGUaRJsG2qcflmqVMWZ7g
        kT63rcuPFtItVE3yipAapi6l9MR1iDcsykj9bfOkLWUo44dbTuZzzEoyw2ngVsQt
        1R4is6O6uxGGFpORNoDTYKFcrFY6WJkWkML7N/rr9PtrzMRSC3xbf2vuLrvvDgd+
        Jywd0u8MoQKBgQCw836Wo/HVk2vq6rjPltTpwyuH+stIPm4E7vkvOEr74l3ymFsN
        JaJWHAixsvU7xWd4MCAQX9YcsZm3neS17IMC2Rzn/T5Xh2g57I5bTOJ/kkqi3VYa
        VBntWG4KG0OUlb1DRD1Mmk7p7hFl8Fkebnn9LZtY3bacpVOiFZcSaiv1CQKBgGjt
        CuBG24VjqFU9pV3MaQWoyULtcCKCQOdaQINZew85W1clZqJNCIF5gKWYRZpq3DOL
        56F9XORjRtuHWB5YQ2r/EhxkfUGDZT0efjLR4XRvt1qof1FPZ1W+NgtUo7iSRMKe
        zNEEoGN12Xe8+vvN8bMUKbck+wqUUHF0gAyYBKWhAoGATE/1FZsCOy+lySF0uBXD
        EYO21P8AGLx592N6/BgMr2iPt9jOE9AP38jwQSFtVoCfpTM111fhqa1RNegDhibi
        PoXTOiTZkDyvHRlOZVI6iq+1cCmjBOZeev1sA5hPgGKmvONYdcrpuECOa/HgDsjJ
        4xCxEmZp8begUrm6nPQ+SPs=
        -----END PRIVATE KEY-----
        """
    /// its SubjectPublicKeyInfo
    static let rsaPublic = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvbU56NEVxLlS2rOH1geu
        /Ly9CqKE6UkTbZwiOwu9UmfmWSQ9mPVaxMY6ykwxZUiwBf1sewNNvgLWDRxqA1IN
        RDzVrDOuCBW292lLyqq/5Plj9T1f0lCYUZwANH7/bgFBt8LxQIkVAVhJMLUxcWwn
        TAcq25Wacnu2LA7JLza4YbEiYH+PZ7R2IK79al73wpjD5iSBCV5I1HPlSiquZlam
        MT4aMCfXtSycC9h+hqTQaKjaCw2/fUI+7pwBPIJdYIe9wjD/GkrQTc8xrLj4L4f7
        j8SYXDGnf62b26PC6MzRAqOI/UB5xzJ+ZBj9kAAtZbcmTEsBKQjmOsRXjzgfi8Cp
        SQIDAQAB
        -----END PUBLIC KEY-----
        """
    /// P-256, SEC1 "EC PRIVATE KEY"
    static let p256SEC1 = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIDYLgSY84rHHewyvGKIlmt8wIodxLXPXlI/lXqUKnmeaoAoGCCqGSM49
        AwEHoUQDQgAEo/tIXsfKCUiZDg8ZyrYjsZj5YKWzP/yvPaxunuya7drRjUgfyo9c
        itCofyb8Dgb6szJeunS2NPH17TB/mttYug==
        -----END EC PRIVATE KEY-----
        """
    /// the same P-256 key, PKCS#8
    static let p256PKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgNguBJjziscd7DK8Y
        oiWa3zAih3Etc9eUj+VepQqeZ5qhRANCAASj+0hex8oJSJkODxnKtiOxmPlgpbM/
        /K89rG6e7Jrt2tGNSB/Kj1yK0Kh/JvwOBvqzMl66dLY08fXtMH+a21i6
        -----END PRIVATE KEY-----
        """
    /// its SubjectPublicKeyInfo
    static let p256Public = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEo/tIXsfKCUiZDg8ZyrYjsZj5YKWz
        P/yvPaxunuya7drRjUgfyo9citCofyb8Dgb6szJeunS2NPH17TB/mttYug==
        -----END PUBLIC KEY-----
        """
    /// the same P-256 key, encrypted PKCS#8 (password "secret")
    static let p256Encrypted = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhLX0nrHchbmgICCAAw
        DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEBeMnGQT0K6uY55pFpXTUo4EgZCl
        OxZpjZe8ZbfKEXkIE0Gfr8kksseE1xs/R1HwaJ45T3IWmU9NqXVYEvWkMOlQ6fd3
        V+YFr/p3RAJIkWcP5AVvcIY3J+FHt3yR/oRd5pluxu8TYzZk6U630RisGHYGRC/2
        TaZWqDhRJwfGrrIVFq4ku4LYsJ4MZz+8I1dsQgqkvAIX4fzPt2WqA3oh4COCF/w=
        -----END ENCRYPTED PRIVATE KEY-----
        """
    /// P-384, PKCS#8
    static let p384PKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDCkKRfeoDbrVc/TI/Jw
        3RXSKzZv36oqjfqRECLt/qCuA+M2G9BCS02W2CXHWHXHuiWhZANiAASLMiv5y4Ss
        KUjAUmN782KLoUrsifhR7SRFJm0XQZDAByilGJVHIUXj+kHVcOyiRViRpLHjplvw
        S8t4sfmkg2R+PdcDiujuWmfLjoTKxCXGaS+MW9OTI1DQ2b6WJh3dnts=
        -----END PRIVATE KEY-----
        """
    /// P-521, SEC1
    static let p521SEC1 = """
        -----BEGIN EC PRIVATE KEY-----
        MIHcAgEBBEIAzEgWb5R4rV9tDgfi8SebvABXij5o7rBeKQcnhi3Rj/ia/78A1tZw
        vNrFMueknzdXiwae8jzkGmKbsOovzmZ100SgBwYFK4EEACOhgYkDgYYABACpVajq
        BRPz+hNT7gj31ZUoekhhKgYRqmGPRGEUr45R7aJ5D+HFnMzzqkvRFRSRkI0iZZ3F
        HKHYVYxV3AHdfV/A9gApQC+ZNzVSJTgOMVNWG77KXC2D5Y9DHdObB+xDiLq6GVac
        +14y6qaUsuKJsej3FEs/ICtwQWGQf1Sw+QoDlakywQ==
        -----END EC PRIVATE KEY-----
        """
    /// Ed25519 (unsupported key type)
    static let ed25519 = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIL8p7Ob9tTJjFwed+rTMwkJAD9GdM3f3wt4QQ7f/9HX3
        -----END PRIVATE KEY-----
        """
    /// secp256k1 (unsupported curve)
    static let secp256k1 = """
        -----BEGIN PRIVATE KEY-----
        MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgQmEBzynvziMKI6OAdhzg
        g0sTPXA954dL1aCAYvMi/hehRANCAAQbhdXmAAuBOhxvl8NQci50ucJlufl5wREm
        SCB9ncr6W9f3How1gAuQAH0hJ7spavRr+qLubfrRDkFOw5pKaSd+
        -----END PRIVATE KEY-----
        """
    /// secp256k1 public key
    static let secp256k1Public = """
        -----BEGIN PUBLIC KEY-----
        MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEG4XV5gALgTocb5fDUHIudLnCZbn5ecER
        JkggfZ3K+lvX9x6MNYALkAB9ISe7KWr0a/qi7m360Q5BTsOaSmknfg==
        -----END PUBLIC KEY-----
        """
    /// RSA key restricted to RSASSA-PSS (id-RSASSA-PSS, unsupported)
    static let rsaPSSOnly = """
        -----BEGIN PRIVATE KEY-----
        MIIEugIBADALBgkqhkiG9w0BAQoEggSmMIIEogIBAAKCAQEAo+xpzaP0OhXv0Oiu
        0qgnllMXt/DTg2xw8X72tZIH2QJkO5vSag5Jlcx3v8ON4gMSJMxe4Fzw7B4knmym
        NZVIfsKvSIvRPq0v9yKaNsh5WyiLcCjLFsym40IKnNB3yUmSBC2gQgc0BSdVYFWf
        P/TFkaxuBDLdl24WctsAX4jN6JHgTgvzGLJ9whT8lYWZgn2D+uW0Hl9aid0+3K6U
        EgolkQcfnBt6LKnagxXcTqe5S2BprpSyy3ebyI2UA81QNQXpmgOz+Q3qdakfpj/p
        xUMrs+ViQRXMR8tC2Z+yOvm6m8iiEgKIhWF5e6bWZDmm9UccY7GkpzWXQL88MmaH
        yELZ5wIDAQABAoIBACCp5C9Q40KLynyjUOqzDShcKFbDyzHd8ud8OCbYEW5Blr12
        AEiXzjvmQVpZ2jTWDdB9VM56VpuGKh/TYI8+zvJLUuguzCQkGHGzWG1gJyZt/tL7
        nfROFVcler3ioGvgmBLzEIL3snrwaofGp/Pzj0bGyClYBWW+TwTV9M4UkYss7JRo
        UMAJj1GbfqTFRJE0WeoD/IClmTo64glXQVkKMH7RtSuz/SrLZbGFax5GihNklLmh
        Hyr2nkAFveBdyVbhRUgcEXDkF4mLNsp+bLfLT2rpgYZYXdGl1jH2GJuq2mJjwfde
        Z5XECX/Jioy3b6Mh5C6Ftj7P9CNNJRcLoq93/fkCgYEAzY3h8HyA4M/xschmSAo3
        ZyBSraSsaLQI8kftTpl/Bn2K90i5HcEFAah3x9k2o441Ly4V1yeBU+5RFuPhkzQb
        tr6nkqLQC33i4cKofIgMOPo8s3xHvm0EkvGD7qvkf+R3AIsqOTPCrzt8cecdudWq
        I8+ynubJCBE8YTi28FoS16UCgYEAzCcLYv4qS0ZqkKSLj656jJ/2WGKkvBYWPVNG
        KyNHKm0giB6CyZiBQejs/YxnaeC3aOEakj5wxxrUVpUYu9V7QpxKAYV+sNktrpgn
        VKb5XrIxCPJxj/YwNwlUlTOf0u5mxqcp4Vc79uQRfVw8DJhmCUqphGsMMLZMVLBQ
        5KBW1ZsCgYAdTDTA7y37XQgo+9RAPlyJMV03bLo6Ljb8OW5EfrJRPYGaH15rNEC/
        bMCt1nLoOvOvptTsFrBjQxuBtLdJIOs2T9RYnSYkDSxSW0lifo2nbVtLhdI//Q/i
        1dOlKBDofarMhAlfn9YG3eat4XAmNaMLeaYO6fwLT1GY1dmVRnFbFQKBgEdPbB7M
        ASICGr8jesxZed0dEwOUkU5RuLr7F4uB6x3auH5TigO5DY1kO0Plg0nsgKRV3N4w
        iVxC9uC3e8hAral6xi753mMPuXE/HJ3pJTn6rD4f0aMjr3vJ+o2TVsRrGeNSCML5
        oax/xcwwJ5mOsjWUqtniOoPZaZg7bkYt66b5AoGARInNjSJ8V6LoXsT8N3mGo7Rc
        ZMB19oc5qrRrwouuvbH9GAKpd8mKqlmabN9oeFAddhLeQwqC8iYoKOX7rYxcqAat
        ayCKN2ifqv3AB9QO6tTFtvt0MXlRpkpgZpPtgOP3mWaNkiLYRDRxs8WGaADrKH4w
        UaicNP3+pkPK+lums4U=
        -----END PRIVATE KEY-----
        """
}
