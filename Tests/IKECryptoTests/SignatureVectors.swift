import Testing
@testable import IKECrypto

/// Published signature test vectors. Every value was cross-checked before use
/// with an independent Python implementation (modular exponentiation of the
/// EMSA encodings, EMSA-PSS-VERIFY, and affine curve arithmetic).
enum SignatureVectors {
    /// RSA Laboratories PKCS #1 v2.1 test vectors, pkcs1v15sign-vectors.txt,
    /// "Example 1: A 1024-bit RSA key pair" with "PKCS#1 v1.5 Signature
    /// Example 1.1" (SHA-1). All key components are published.
    enum RSALabsExample1 {
        static let n = """
                a56e4a0e701017589a5187dc7ea841d156f2ec0e36ad52a44dfeb1e61f7ad991
                d8c51056ffedb162b4c0f283a12a88a394dff526ab7291cbb307ceabfce0b1df
                d5cd9508096d5b2b8b6df5d671ef6377c0921cb23c270a70e2598e6ff89d19f1
                05acc2d3f0cb35f29280e1386b6f64c4ef22e1e1f20d0ce8cffb2249bd9a2137
            """
        static let e = "010001"
        static let d = """
                33a5042a90b27d4f5451ca9bbbd0b44771a101af884340aef9885f2a4bbe92e8
                94a724ac3c568c8f97853ad07c0266c8c6a3ca0929f1e8f11231884429fc4d9a
                e55fee896a10ce707c3ed7e734e44727a39574501a532683109c2abacaba283c
                31b4bd2f53c3ee37e352cee34f9e503bd80c0622ad79c6dcee883547c6a3b325
            """
        static let p = """
                e7e8942720a877517273a356053ea2a1bc0c94aa72d55c6e86296b2dfc967948
                c0a72cbccca7eacb35706e09a1df55a1535bd9b3cc34160b3b6dcd3eda8e6443
            """
        static let q = """
                b69dca1cf7d4d7ec81e75b90fcca874abcde123fd2700180aa90479b6e48de8d
                67ed24f9f19d85ba275874f542cd20dc723e6963364a1f9425452b269a6799fd
            """
        static let dp = """
                28fa13938655be1f8a159cbaca5a72ea190c30089e19cd274a556f36c4f6e19f
                554b34c077790427bbdd8dd3ede2448328f385d81b30e8e43b2fffa027861979
            """
        static let dq = """
                1a8b38f398fa712049898d7fb79ee0a77668791299cdfa09efc0e507acb21ed7
                4301ef5bfd48be455eaeb6e1678255827580a8e4e8e14151d1510a82a3f2e729
            """
        static let qinv = """
                27156aba4126d24a81f3a528cbfb27f56886f840a9f6e86e17a44b94fe931958
                4b8e22fdde1e5a2e3bd8aa5ba8d8584194eb2190acf832b847f13a3d24a79f4d
            """
        static let message = """
                cdc87da223d786df3b45e0bbbc721326d1ee2af806cc315475cc6f0d9c66e1b6
                2371d45ce2392e1ac92844c310102f156a0d8d52c1f4c40ba3aa65095786cb76
                9757a6563ba958fed0bcc984e8b517a3d5f515b23b8a41e74aa867693f90dfb0
                61a6e86dfaaee64472c00e5f20945729cbebe77f06ce78e08f4098fba41f9d61
                93c0317e8b60d4b6084acb42d29e3808a3bc372d85e331170fcbf7cc72d0b71c
                296648b3a4d10f416295d0807aa625cab2744fd9ea8fd223c42537029828bd16
                be02546f130fd2e33b936d2676e08aed1b73318b750a0167d0
            """
        static let signature = """
                6bc3a06656842930a247e30d5864b4d819236ba7c68965862ad7dbc4e24af28e
                86bb531f03358be5fb74777c6086f850caef893f0d6fcc2d0c91ec013693b4ea
                00b80cd49aac4ecb5f8911afe539ada4a8f3823d1d13e472d1490547c659c761
                7f3d24087ddb6f2b72096167fc097cab18e9a458fcb634cdce8ee35894c484d7
            """
    }

    /// NIST CAVP FIPS 186-3 RSA SigGen15 test file (SigGen15_186-3.txt),
    /// [mod = 2048]: the published key is n, e, d. p, q, dP, dQ and qInv are
    /// not published; they were recovered from (n, e, d) with the standard
    /// algorithm (RFC 8017 §3.2 / SP 800-56B C.2, Python cryptography's
    /// rsa_recover_prime_factors) only to build a PKCS#1 structure. PKCS#1 v1.5
    /// is deterministic, so each signature is fixed by (n, d, message) and
    /// must be reproduced exactly.
    enum NISTSigGen15 {
        static let n = """
                cea80475324c1dc8347827818da58bac069d3419c614a6ea1ac6a3b510dcd72c
                c516954905e9fef908d45e13006adf27d467a7d83c111d1a5df15ef293771aef
                b920032a5bb989f8e4f5e1b05093d3f130f984c07a772a3683f4dc6fb28a9681
                5b32123ccdd13954f19d5b8b24a103e771a34c328755c65ed64e1924ffd04d30
                b2142cc262f6e0048fef6dbc652f21479ea1c4b1d66d28f4d46ef7185e390cbf
                a2e02380582f3188bb94ebbf05d31487a09aff01fcbb4cd4bfd1f0a833b38c11
                813c84360bb53c7d4481031c40bad8713bb6b835cb08098ed15ba31ee4ba728a
                8c8e10f7294e1b4163b7aee57277bfd881a6f9d43e02c6925aa3a043fb7fb78d
            """
        static let e = "260445"
        static let d = """
                0997634c477c1a039d44c810b2aaa3c7862b0b88d3708272e1e15f66fc938970
                9f8a11f3ea6a5af7effa2d01c189c50f0d5bcbe3fa272e56cfc4a4e1d388a9dc
                d65df8628902556c8b6bb6a641709b5a35dd2622c73d4640bfa1359d0e76e1f2
                19f8e33eb9bd0b59ec198eb2fccaae0346bd8b401e12e3c67cb629569c185a2e
                0f35a2f741644c1cca5ebb139d77a89a2953fc5e30048c0e619f07c8d21d1e56
                b8af07193d0fdf3f49cd49f2ef3138b5138862f1470bd2d16e34a2b9e7777a6c
                8c8d4cb94b4e8b5d616cd5393753e7b0f31cc7da559ba8e98d888914e334773b
                af498ad88d9631eb5fe32e53a4145bf0ba548bf2b0a50c63f67b14e398a34b0d
            """
        static let p = """
                f364e16ef12017ec95b192308c01e087cee619ab50a5d537cc01841dc92b30bc
                ef0d9f2c6bbd5dc10bdf5b9f6c354a4f9f210520caa72b4f5c36b8d33f10324c
                55956141891e45b84b49f59ea5bfac6ffa38900aca5099afcd02f6a8257c41ce
                5bb2e4153832b5c22f91eb389fa2035c3cf9b3374531c483cb30ceb007259b1d
            """
        static let q = """
                d95c0995fabdfcbccfe63e0f3262f806869ab571e1793e97234cbb9bd4b6872a
                7695389955cf6ce7245345a5df8021f7d9519563afbc2667f5311fad093de2c0
                2cd069109b630d68e3bf767f8a788a6add7ab199f2d8f6a40b7c1910d9dab52a
                c80d0d333aacab321a9309dc884ddd4db637a0c1115ae3c08efa683f99eb7331
            """
        static let dp = """
                d4f7ef9f9be947ba9d1b3bce59e5608839a1e464553e1b6d113d0f636758bbb4
                73a89f9949836ead40b6f314eee3ac2244d7b6f379e83f30e17783ad68d50868
                97889c051c26e1558a4a220bfc242995860644b5d7a3ef513ac612b9c6c0a202
                1bb6b9cde7dbd21fe5858746c79563e9bab7d06b43aab43a0a5cafab4519a661
            """
        static let dq = """
                3db2386f174f2ea3ef4b6bd1601749ce2d6afa8be35f051178621f16a23ad36e
                ba03c073136389241969e5b87edb0fcbcf1a0bd6e1aee97bae1f2d97aabe19b1
                7dbe7d9492cdb68a0897f572350e846c669660dc978c5068da598524fca8a136
                358d3e5f8f6ad5cf78d9089c93f473189162ce0f8c4902a19902b633b3e6926d
            """
        static let qinv = """
                ddc971183dcf3450c43e06ba2af32379eedeb2d678513fb706b75a0060981540
                41f4b09e6be385d4b25d80ec241c899e4a986a17b0a121daab91a1e4fc5a1802
                a7074df3fb3f7661f0e1c97799e36d21de937cc4209585db30a56af0a228e001
                036ed792625e5368ce101574a2e9767f07338949f0afdf358cecd18c6d6f3f55
            """

        /// (hash, message, signature) from the same test file's SHA-256,
        /// SHA-384 and SHA-512 sections, as reproduced in third-party suites
        /// that test against it; each was re-derived before transcription.
        static let vectors: [(DigestAlgorithm, String, String)] = [
            (.sha256,
             """
                 c43011f3ee88c9c9adcac8bf37221afa31769d347dec705e53aca98993e74606
                 591867ccd289ba1b4f19365f983e0c578346da76c5e2228a07e4fc9b3d480716
                 3371a52b68b66873201dc7d6b56616ac2e4cb522120787df7f15a5e8763a54c1
                 79c635d65816bc19485de3eb35a52040591094fe0e6485a7e0c60e38e7c61551
             """,
             """
                 aa3a4e12eb87596c711c9a22bcabcb9dadffcabcecbd16228889e9bb457d5d22
                 571a72f034be4783384f43ce6fffc60534b8331cdd5d7c77f49180bfd194b5fd
                 43a508c66d786c558876735894e6a9300952de792f747045e74d87fd50980230
                 707a34a4df013ce050bbff0d6f570885c9c7bf8dc499132caee071b41d81ff91
                 b8ce21aa2f282cbf52389f239afe1490890be21f9d808b3d70b97efd59c0b60e
                 466088bb42714f212bc90db7e942ebcee60e7b107fff44fb3564ff07d6d02850
                 215fd357d897c4d32bef8661689f2d84ff897637fb6d5568a7270e783426b74b
                 7037493e5155fd7cb3ddddfd36bd8a9c877d71d2a966057c08263d2939c84987
             """),
            (.sha256,
             """
                 0c8491fc348d341fe85c46a56115f26035c59e6a2be765c44e2ec83d407ea096
                 d13b57e3d0c758342246c47510a56793e5daeae1b96d4ab988378966876aa341
                 b7d1c31bba59b7dbe6d1a16898eef0caca928f8ce84d5c64e025dc1679922d95
                 e5cd3c6b994a385c5c8346469ef8764c0c74f5336191850c7f7e2b14be0027d8
             """,
             """
                 cacc8d9f5ecd34c143488461135c4951676145c6e472b92f12f758046f172142
                 fa388f285f3fff068242028829047e248059ed4fd39d2c5ade469dc7c39345e5
                 114950d2031cc7465fe712c4041d05c756d3f2d88a46ceb99f2e24a52e958a03
                 cd2519a9b137e62d5ca2b353f7b047b625c3602313fdb53c8db23d83951a599d
                 b328fedc4ae06da89ce7f56259b5c8222f7bd3d9740478fd28e5810db78aee86
                 23fdd39f603f8ddf98081d7873980c4eb0e22a9cd408f7c4134c12d2049a2d12
                 0f4b62e6b382b997fc375ef7ac955fcf80b045c3d6385ff422dad350c6887053
                 9068a162a2edbb93ceefed9677939b90bd3dfa0dc053460b4e2332efa692179a
             """),
            (.sha384,
             """
                 6cd59fdd3efd893d091afdc3155d354f10d6d88167427a2cf7246207e51791a6
                 ca6200a914cd2834a9b3c79fcd59e26e457e0683bc33d49267edbdd6e5d90902
                 696f1e7b1a4affc4ba371339868c28015ebbb73e262669866c35db974ba69e46
                 8f2583b9191d15d686cd66fb0b9e0ff0a3b4721a6dc342f14f2446b4e028595b
             """,
             """
                 3974900bec3fcb081f0e5a299adf30d087aabaa633911410e87a4979bbe3fa80
                 c3abcf221686399a49bc2f1e5ac40c35df1700e4b9cb7c805a896646573f4a57
                 0a9704d2a2e6baee4b43d916906884ad3cf283529ea265e8fcb5cc1bdf7b7dee
                 85941e4b4fb25c1fc7b951fb129ab393cb069be271c1d954da3c43674309f1d2
                 12826fabb8e812de2d53d12597de040d32cb28c9f813159cb18c1b51f7a874cb
                 f229cc222caeb98e35ec5e4bf5c5e22cc8528631f15117e8c2be6eac91f4070e
                 ecdd07ecc6db6c46eaa65f472f2006988efef0b51c538c6e04d7519c8e3da4b1
                 72b1e2761089ed3ad1197992ef37c168dc881c8b5f8bbfee919f7c7afd25b8fc
             """),
            (.sha512,
             """
                 a7c309d44a57188bbd7b726b98b98ce12582228e1415864870a23961d2afb82c
                 d5bc98bec922d5f2ac4168b056da176ef3ba91f6b699ba6acc4144868ff37f26
                 fd06720868d12ad26ecb52572cf10416af68df03ab645a8b704857d2190ffc3f
                 07eabe3a8e2abe34ed6159e884c4fae141d4333d5c3e0db044ff9cccd9cbd67f
             """,
             """
                 148af61ed5ea8a87a08b3f403929bf8031db4fd3999b64409ba489f97a3ee520
                 8ea4202d2ec18734f615003a51f77441085be6ac0f11810ffa2dad58f0e186d5
                 520ac2b8a5d3966e8d2abb8074e13b50a4e7de83be10a66fdc7ca18118c5774f
                 781212de9efebc6376fcdddc65a3b1b8f1ab31492fe478259ce719b3db587498
                 d879a01dec96e8eabeb07ff7073f3f3eb446084955ca26329a791315a2c259d2
                 25e26b2154b2047b21faba68115bfd962e5e24ec52d7c5d231e3044cbcd8c880
                 4855703cbaa622b15b6ef78c7421a367166f1b02576c87360593da75b7189efa
                 fd1082bd59f6857f1701f646c24d70c95273c49d5b11e6afe258821b55c1680c
             """),
        ]
    }

    /// Project Wycheproof (C2SP/wycheproof) testvectors_v1/rsa_pss_2048_sha256_mgf1_32_test.json, tcId 1 and 3:
    /// publicKeyDer and valid RSASSA-PSS signatures (MGF1 with the same hash,
    /// salt length = hash length).
    enum WycheproofPSS2048SHA256 {
        static let hash = DigestAlgorithm.sha256
        static let subjectPublicKeyInfo = """
                30820122300d06092a864886f70d01010105000382010f003082010a02820101
                00a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224
                e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac88450
                97b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c9
                8e254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d9
                814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece
                6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a
                1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1
                a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9
                d50203010001
            """
        /// (message, signature)
        static let tests: [(String, String)] = [
            ("",
             """
                 4f01e0c12b08625ecac89a69231906edf826380f37c959a96690d046316d68ff
                 ce9d5c471694fcebfc6b45534864689256e4fc81c78e583f675d0c94b4496474
                 51e81beff01a11a516d5e5ce3f1a910437cb8a3a5096b19fb15f4524a35b23d8
                 9cdba12cf5b71aac1047b28c562df7c5542c34ce23a182cf7e0e231934b17294
                 799d44877a1d68ef1b8f073619b7618e6b7c22db20030d98cf591ffc3d4da5f5
                 8613ecd5ecfc3b40a1d02f40891ca43695cd4c088b05a8054c89c595a47e2748
                 16f35384226f74459ee63e25a1bfc03c360490552ec38343f8ace502f065303b
                 00bc0ec320711b211fde92e57feb9013c3609342495ec0d7cabdec21e54acc38
             """),
            ("54657374",
             """
                 401eb03cdb47ca88033e3030f6bdecbac8f5c8fc1dd6a13d23d379ed9a2b3098
                 91d13d74fea9d21d159b9e6d8f37efa2489962e24555f56dd434ff1d31ce4f9f
                 5abd3f22cbea8b691d6a11e44efb83e2bca155e6a164325e0fde2a8865afd5c9
                 f51161a9d615f62af7ec2e31b3e5ab649c164490d31d88cfae35b84aea792569
                 0f929a144b6d2f48e8fb894a52deecd1b9a6496990c4ecf1588699a42cacd10c
                 53af350514e4291ea9a058e77f101e32c1c0cefa61d945f7bc931f8bd19e7ba3
                 169358a60e5a8b0123bc3199b9fdcafe8e519c41ba675491a27b85e44ef2d772
                 77c10fe107293c8290186913bc9a99b640d8da041b64f31eab1d35920985f4a5
             """),
        ]
    }

    /// Project Wycheproof (C2SP/wycheproof) testvectors_v1/rsa_pss_2048_sha384_mgf1_48_test.json, tcId 3:
    /// publicKeyDer and valid RSASSA-PSS signatures (MGF1 with the same hash,
    /// salt length = hash length).
    enum WycheproofPSS2048SHA384 {
        static let hash = DigestAlgorithm.sha384
        static let subjectPublicKeyInfo = """
                30820122300d06092a864886f70d01010105000382010f003082010a02820101
                00cda6fa5ca76bfe0492ec57e0a3bfff7272dc8d1e25ad1fb338aa050f02c104
                e63133d6b5b7c4985ebbae9ac036a5b9c03074d60aec8e25baf392a0c430ff05
                b88e948805d3dd74511d8885250a7b574215ada015c559076686e253ccc96c08
                15b1291ee787cc3363b4f77d930eb998d7c582b24cea9ce21de9722791989863
                a27ebc80a00de5bd2f9228775e5a4ceb054d58c9be36a054336971a13642dd95
                10dd696aa268db3aab2299d5d88f8e562434d1427094d3df8e72d1ef69b4ed34
                d12bac375223b2a25cf227f735f816e85e17239304769a6082154cd15899fc1e
                aefb69b748a3e5ed24d38372597de3e4e2a27b951d6ac7db182d6809d8ff511b
                7f0203010001
            """
        /// (message, signature)
        static let tests: [(String, String)] = [
            ("54657374",
             """
                 1ad8f3e3e3327398960ed19275c2cdf187001516a6116b7ba2ce301ac4952f1d
                 180e08731eeb14e5e94d49ec6c79a31cae6d256e32f01980cdbfcb34feeda260
                 048c371358cbb70a73b5da7aa245a83372d543383a0eeb58e7602144f70e7858
                 dcfd04592b2bfc5b83ed58170bf692d00e546d8a734a726df499816d6e2829fc
                 7028850a2732a1261f2b8448b3020d29b27ed1fab22c932ddf85ea7ca9bab730
                 653cd59505e0bfc1344a46e6f9dfe6e68f98ae2cad303367f598b8845801c8b2
                 74117d28f8393504b7a32c9ffc64bd42c2759f64157c3f8033e67e5285e94ff9
                 92692424869ed0d24a9d003670532002da0c2f9df524b1bc3b23b9a78f5b53ef
             """),
        ]
    }

    /// Project Wycheproof (C2SP/wycheproof) testvectors_v1/rsa_pss_4096_sha512_mgf1_64_test.json, tcId 3:
    /// publicKeyDer and valid RSASSA-PSS signatures (MGF1 with the same hash,
    /// salt length = hash length).
    enum WycheproofPSS4096SHA512 {
        static let hash = DigestAlgorithm.sha512
        static let subjectPublicKeyInfo = """
                30820222300d06092a864886f70d01010105000382020f003082020a02820201
                00c9a765c2661b4674cff3480e9a5e462ad0ad2fc9bc6fbef62847b3113d2099
                1f653967971c28252753f5fbacce012c2a8ab592914d269efafa724fa4b920e3
                40930c106f7b36f79cebf0e62e88e0e476888e9f0e22186acdb6c4523a232b65
                b4ff2cc22dc44f8a559527d79d7cd7dcf3773212f7bb9aa133c31165cc663690
                bf123d73923c838929ccafee59d6c7095b8d4a74baf2d192c9a4e87c4e12bc58
                013078b28a7789e82e9f31de1f4d6a2aa6e80632be8e4bdf263e8d49b09416fb
                19c488c07ad8af722ab79182b23028a71e065d02412a9eebc46d7d8f4e03d792
                38d8c0cb4a97a9a1200ebb6ec64042ebeccad9567526eeef12c17d94c1049c88
                9970b96e94cc353172a268a49c5e8bee13c15b39dec44f2c7a1aa37a7a0b6f72
                290acada32b1d8af1fc3dc8a89487ba81347cbeb1350925d30f923958106b499
                59c871e7c1dba55da0772e362cf8621d78610868b894e16e5dfec96874a93a4c
                f379b47e7e318ce315066d70ee3938140a60148f205085cef8a7700ca3c53d52
                a5756a63b3b16f153062b61262a68496210c8be4ef3f9029ca0ea0e3b3a0d5d6
                d226edbbf44daf8f045dc286ded3c4ec4db6b45347079f33eaf98e3c95b4b60e
                79ef4a3093feec543703422ba74a118511c2193b54fe8b633866ed2c705ccbc6
                e7d9d3656809ec3d3356e7400a9648ec37505041e3e31af1c02eefe924a67047
                d30203010001
            """
        /// (message, signature)
        static let tests: [(String, String)] = [
            ("54657374",
             """
                 0f74856dae37f6bab27af25a8773ffe42690665ca130a710998e6f9f741d30dd
                 66bbbcdcbb490b1fa69e39af6b169b28038fc4addc95aa92e2b67a76569bd3ac
                 c76ca48437c7552ca7dfd379fab037d54df496b05b431bb925416cd4dc2402fa
                 a060996d57578519c34de2386c9d0ddbeb708453e50c08a8ec182c75549e9dea
                 0bf75fd3347b228e2f977b81c1be11c738d23ee2e58f15e803f5539e82155ba6
                 327ab807ad6e0ea36b9a19ef68fbe7e3b55b7910f68aafc719e2106b4a3cc8ad
                 b62e38cdf43f7ab295846a56b26ed8087b2c0e9cd9c2d6cd8302aa0c26254b1d
                 b330bcac520afb932eaac07ec0604ff56f081af44994492c176298127a94d9ea
                 ccf23732ea95700ebb4b657fcdbc52ebc6bc404795f63b4f0fd2a1d6787d698d
                 2506b7b37c1f49f8ec1563320fc017fdd76269fe61bff0089900d146e2000113
                 ab6d8aae248344d19bf0549e8320de0f226fe46ee4c03250770d8701b7eb0e63
                 b816f566411c55f7724c0e8d94b0b752bbe9f445c78ae4b780781c9bcfc5141b
                 1e46c767a51990af256391fbac9f4302aaab11928a2ed36ea775c0c953d0d5a4
                 d739c37ffef8863cc1b70481410e29cb7ac99a3c4c6d47c322af8de1b39a17da
                 4ea432d62249b6c35f50c8fade0dc96cb8e946a8008db7a72dfe5e4ce4392d41
                 60cf75c46956e66887d82d7e31649075a86c3ecb4a936dc331e78337d5648318
             """),
        ]
    }

    /// RFC 4754 §8.1-8.3 ECDSA test vectors, message "abc": private key w,
    /// public key (gwx, gwy), per-message secret k, and the signature (r, s).
    struct RFC4754: Sendable, CustomTestStringConvertible {
        let curve: EllipticCurve
        let hash: DigestAlgorithm
        let w: String
        let gwx: String
        let gwy: String
        let k: String
        let r: String
        let s: String
        var testDescription: String { "\(curve)" }
    }

    // RFC 4754 §8.1 (ECDSA-256).
    static let rfc4754P256 = RFC4754(
        curve: .p256, hash: .sha256,
        w: "DC51D3866A15BACDE33D96F992FCA99DA7E6EF0934E7097559C27F1614C88A7F",
        gwx: "2442A5CC0ECD015FA3CA31DC8E2BBC70BF42D60CBCA20085E0822CB04235E970",
        gwy: "6FC98BD7E50211A4A27102FA3549DF79EBCB4BF246B80945CDDFE7D509BBFD7D",
        k: "9E56F509196784D963D1C0A401510EE7ADA3DCC5DEE04B154BF61AF1D5A6DECE",
        r: "CB28E0999B9C7715FD0A80D8E47A77079716CBBF917DD72E97566EA1C066957C",
        s: "86FA3BB4E26CAD5BF90B7F81899256CE7594BB1EA0C89212748BFF3B3D5B0315"
    )
    // RFC 4754 §8.2 (ECDSA-384).
    static let rfc4754P384 = RFC4754(
        curve: .p384, hash: .sha384,
        w: """
            0BEB646634BA87735D77AE4809A0EBEA865535DE4C1E1DCB692E84708E81A5AF
            62E528C38B2A81B35309668D73524D9F
        """,
        gwx: """
            96281BF8DD5E0525CA049C048D345D3082968D10FEDF5C5ACA0C64E6465A97EA
            5CE10C9DFEC21797415710721F437922
        """,
        gwy: """
            447688BA94708EB6E2E4D59F6AB6D7EDFF9301D249FE49C33096655F5D502FAD
            3D383B91C5E7EDAA2B714CC99D5743CA
        """,
        k: """
            B4B74E44D71A13D568003D7489908D564C7761E229C58CBFA18950096EB7463B
            854D7FA992F934D927376285E63414FA
        """,
        r: """
            FB017B914E29149432D8BAC29A514640B46F53DDAB2C69948084E2930F1C8F7E
            08E07C9C63F2D21A07DCB56A6AF56EB3
        """,
        s: """
            B263A1305E057F984D38726A1B46874109F417BCA112674C528262A40A629AF1
            CBB9F516CE0FA7D2FF630863A00E8B9F
        """
    )
    // RFC 4754 §8.3 (ECDSA-521).
    static let rfc4754P521 = RFC4754(
        curve: .p521, hash: .sha512,
        w: """
            0065FDA3409451DCAB0A0EAD45495112A3D813C17BFD34BDF8C1209D7DF58491
            20597779060A7FF9D704ADF78B570FFAD6F062E95C7E0C5D5481C5B153B48B37
            5FA1
        """,
        gwx: """
            0151518F1AF0F563517EDD5485190DF95A4BF57B5CBA4CF2A9A3F6474725A35F
            7AFE0A6DDEB8BEDBCD6A197E592D40188901CECD650699C9B5E456AEA5ADD190
            52A8
        """,
        gwy: """
            006F3B142EA1BFFF7E2837AD44C9E4FF6D2D34C73184BBAD90026DD5E6E85317
            D9DF45CAD7803C6C20035B2F3FF63AFF4E1BA64D1C077577DA3F4286C58F0AEA
            E643
        """,
        k: """
            00C1C2B305419F5A41344D7E4359933D734096F556197A9B244342B8B62F46F9
            373778F9DE6B6497B1EF825FF24F42F9B4A4BD7382CFC3378A540B1B7F0C1B95
            6C2F
        """,
        r: """
            0154FD3836AF92D0DCA57DD5341D3053988534FDE8318FC6AAAAB68E2E6F4339
            B19F2F281A7E0B22C269D93CF8794A9278880ED7DBB8D9362CAEACEE54432055
            2251
        """,
        s: """
            017705A7030290D1CEB605A9A1BB03FF9CDD521E87A696EC926C8C10C8362DF4
            975367101F67D1CF9BCCBF2F3D239534FA509E70AAC851AE01AAC68D62F86647
            2660
        """
    )
    static let rfc4754 = [rfc4754P256, rfc4754P384, rfc4754P521]
}
