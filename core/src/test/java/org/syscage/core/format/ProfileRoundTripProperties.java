package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.KubeMetadata;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * write then read gives back the same profile, in every format, for generated profiles using
 * every field, every action, operator and arch, and 64-bit values across the whole unsigned
 * range (jqwik's edge cases include 2^63 = Long.MIN_VALUE and 2^64-1 = -1L).
 */
class ProfileRoundTripProperties {

    static Profile roundTrip(Profile p, ProfileFormat format) {
        return ProfileReader.parse("generated." + format, ProfileWriter.write(p, format));
    }

    @Property
    void dockerJsonLosesNothing(@ForAll("dockerProfiles") Profile p) {
        assertEquals(p, roundTrip(p, ProfileFormat.DOCKER));
    }

    @Property
    void ociJsonLosesNothing(@ForAll("ociProfiles") Profile p) {
        assertEquals(p, roundTrip(p, ProfileFormat.OCI));
    }

    @Property
    void crdYamlLosesNothingInEitherVersion(@ForAll("crdProfiles") Profile p) {
        assertEquals(p, roundTrip(p, ProfileFormat.CRD));
        assertEquals(p, roundTrip(p, ProfileFormat.CRD_V1BETA1));
    }

    /**
     * What is written in a format reads back as that format; Docker's JSON is OCI's JSON when no
     * Docker-only field is used, and reads back as OCI then.
     */
    @Property
    void aProfileReadsBackInTheFormatItWasWrittenIn(@ForAll("dockerProfiles") Profile docker,
            @ForAll("ociProfiles") Profile oci, @ForAll("crdProfiles") Profile crd) {
        boolean usesDockerFields = !docker.archMap().isEmpty()
                || docker.syscalls().stream().anyMatch(r -> !r.includes().isEmpty() || !r.excludes().isEmpty());
        assertEquals(usesDockerFields ? ProfileFormat.DOCKER : ProfileFormat.OCI, formatRead(docker, ProfileFormat.DOCKER));
        assertEquals(ProfileFormat.OCI, formatRead(oci, ProfileFormat.OCI));
        assertEquals(ProfileFormat.CRD, formatRead(crd, ProfileFormat.CRD));
        assertEquals(ProfileFormat.CRD_V1BETA1, formatRead(crd, ProfileFormat.CRD_V1BETA1));
    }

    static ProfileFormat formatRead(Profile p, ProfileFormat written) {
        return ProfileReader.parseWithFormat("generated." + written, ProfileWriter.write(p, written)).format();
    }

    @Property
    void crdToOciKeepsTheSpec(@ForAll("crdProfiles") Profile crd) {
        Profile withoutBase = new Profile(crd.defaultAction(), crd.defaultErrnoRet(), crd.architectures(),
                crd.archMap(), crd.flags(), crd.listenerPath(), crd.listenerMetadata(), crd.syscalls(), null,
                crd.metadata());
        assertEquals(withoutBase.withMetadata(null), roundTrip(withoutBase, ProfileFormat.OCI));
    }

    @Property
    void ociToCrdKeepsTheMeaning(@ForAll("ociProfiles") Profile oci, @ForAll("kubeNames") String name) {
        // The CRD has no defaultErrnoRet and no comments: only profiles it can hold, EPERM being the default.
        Integer errno = oci.defaultErrnoRet() == null || oci.defaultErrnoRet() == 1 ? oci.defaultErrnoRet() : null;
        Profile p = new Profile(oci.defaultAction(), errno, oci.architectures(), oci.archMap(), oci.flags(),
                oci.listenerPath(), oci.listenerMetadata(), oci.syscalls(), null, KubeMetadata.named(name));
        Profile sameMeaning = new Profile(p.defaultAction(), null, p.architectures(), p.archMap(), p.flags(),
                p.listenerPath(), p.listenerMetadata(),
                p.syscalls().stream().map(ProfileRoundTripProperties::withoutComment).toList(), null, p.metadata());
        Profile back = roundTrip(p, ProfileFormat.CRD);
        assertEquals(sameMeaning, back);
        assertEquals(sameMeaning.withMetadata(null), roundTrip(back, ProfileFormat.OCI));
    }

    static SyscallRule withoutComment(SyscallRule r) {
        return new SyscallRule(r.names(), r.action(), r.errnoRet(), r.args(), null, r.includes(), r.excludes());
    }

    // ---- generators ----

    @Provide
    Arbitrary<Profile> dockerProfiles() {
        return profiles(true, true, false);
    }

    @Provide
    Arbitrary<Profile> ociProfiles() {
        return profiles(false, true, false);
    }

    @Provide
    Arbitrary<Profile> crdProfiles() {
        return profiles(false, false, true);
    }

    @Provide
    Arbitrary<String> kubeNames() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789-.").ofMinLength(1).ofMaxLength(20)
                .map(KubeNames::fromFileName);
    }

    /** Text with characters that need care in JSON or YAML, plus words YAML would read as other types. */
    static Arbitrary<String> text() {
        Arbitrary<String> chars = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars("ABZ0129_-./ :#'\"\\\t\n\r{}[]&*!|>%@`,?=~é€\u0001")
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> words = Arbitraries.of("yes", "no", "on", "off", "y", "null", "~", "true", "0x1F", "010",
                "1_000", "1e3", ".inf", ".nan", "-1", "=", "<<", "- x", "a: b", "#x", "---", "...", "read");
        return Arbitraries.oneOf(chars, words);
    }

    static Arbitrary<String> optionalText() {
        return text().injectNull(0.4);
    }

    static Arbitrary<Action> defaultActions() {
        // runc refuses SCMP_ACT_NOTIFY as the default; the reader does too.
        return Arbitraries.of(Action.class).filter(a -> a != Action.NOTIFY);
    }

    static Arbitrary<Integer> errnoFor(Action a) {
        return a.carriesValue()
                ? Arbitraries.integers().between(0, ProfileBinder.MAX_ERRNO_RET).injectNull(0.3)
                : Arbitraries.just(null);
    }

    static Arbitrary<ArgCondition> args() {
        return Combinators.combine(Arbitraries.integers().between(0, ArgCondition.MAX_INDEX), Arbitraries.longs(),
                        Arbitraries.longs().injectDuplicates(0.3).map(v -> v % 3 == 0 ? 0 : v), Arbitraries.of(Op.class))
                .as(ArgCondition::new);
    }

    static Arbitrary<Filter> filters() {
        Arbitrary<String> caps = Arbitraries.strings().withCharRange('A', 'Z').withChars("_").ofMinLength(1)
                .ofMaxLength(10).map(s -> "CAP_" + s);
        Arbitrary<String> archNames = Arbitraries.of(Arch.class)
                .flatMap(a -> Arbitraries.of(a.kernelName(), a.goName(), a.ociName()));
        Arbitrary<String> kernels = Combinators.combine(Arbitraries.integers().between(0, 255),
                        Arbitraries.integers().between(1, 255))
                .as((k, m) -> k + "." + m).injectNull(0.6);
        return Combinators.combine(caps.list().ofMaxSize(2), archNames.list().ofMaxSize(2), kernels)
                .as(Filter::new)
                .injectDuplicates(0.0);
    }

    static Arbitrary<SyscallRule> rules(boolean docker, boolean comments) {
        Arbitrary<Filter> filter = docker ? Arbitraries.oneOf(Arbitraries.just(Filter.EMPTY), filters())
                : Arbitraries.just(Filter.EMPTY);
        return Arbitraries.of(Action.class).flatMap(action -> Combinators.combine(
                text().list().ofMinSize(1).ofMaxSize(4),
                errnoFor(action),
                args().list().ofMaxSize(3),
                comments ? optionalText() : Arbitraries.just(null),
                filter, filter)
                .as((names, errno, args, comment, includes, excludes) ->
                        new SyscallRule(names, action, errno, args, comment, includes, excludes)));
    }

    static Arbitrary<KubeMetadata> metadata() {
        Arbitrary<Map<String, String>> maps = Arbitraries.maps(text(), Arbitraries.oneOf(text(), Arbitraries.just("")))
                .ofMaxSize(3);
        return Combinators.combine(text(), optionalText(), maps, maps,
                        Arbitraries.of(KubeMetadata.State.class).injectNull(0.5))
                .as(KubeMetadata::new);
    }

    /** The CRD-only parts of a profile, generated together. */
    record Kube(String baseProfileName, KubeMetadata metadata) {}

    /**
     * @param docker   whether Docker's extensions (archMap, includes/excludes) may appear
     * @param comments whether rules may carry a comment
     * @param crd      whether the CRD-only parts (metadata, baseProfileName) appear, and no defaultErrnoRet
     */
    static Arbitrary<Profile> profiles(boolean docker, boolean comments, boolean crd) {
        Arbitrary<List<Arch>> arches = Arbitraries.of(Arch.class).list().ofMaxSize(3);
        Arbitrary<List<ArchMapEntry>> archMaps = docker
                ? Combinators.combine(Arbitraries.of(Arch.class), arches).as(ArchMapEntry::new).list().ofMaxSize(3)
                : Arbitraries.just(List.of());
        Arbitrary<List<String>> flags = Arbitraries.of(ProfileBinder.FLAGS).list().ofMaxSize(2);
        Arbitrary<List<SyscallRule>> syscalls = rules(docker, comments).list().ofMaxSize(4);
        Arbitrary<String> base = crd ? optionalText() : Arbitraries.just(null);
        Arbitrary<KubeMetadata> meta = crd ? metadata() : Arbitraries.just(null);
        return defaultActions().flatMap(action -> Combinators.combine(
                crd ? Arbitraries.just((Integer) null) : errnoFor(action),
                arches, archMaps, flags, optionalText(), optionalText(), syscalls,
                Combinators.combine(base, meta).as(Kube::new))
                .as((errno, archList, archMap, flagList, listenerPath, listenerMeta, rules, kube) ->
                        // Docker refuses architectures together with archMap: give one of them.
                        new Profile(action, errno, archMap.isEmpty() ? archList : List.of(), archMap, flagList,
                                listenerPath, listenerMeta, rules, kube.baseProfileName(), kube.metadata())));
    }

}
