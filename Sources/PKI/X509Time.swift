import Foundation
import SwiftASN1

/// X.509's `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }`
/// (RFC 5280 §4.1.2.5, used by CRLs in §5.1.2.4–§5.1.2.6) as a `Date`.
/// swift-certificates keeps its own such type internal.
struct X509Time: DERParseable, DERSerializable, Hashable {
    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    init(derEncoded node: ASN1Node) throws {
        let fields: (year: Int, month: Int, day: Int, hours: Int, minutes: Int, seconds: Double)
        switch node.identifier {
        case UTCTime.defaultIdentifier:
            // SwiftASN1 reads two-digit years as RFC 5280 §4.1.2.5.1 says: 50–99 are 19xx.
            let time = try UTCTime(derEncoded: node)
            fields = (time.year, time.month, time.day, time.hours, time.minutes, Double(time.seconds))
        case GeneralizedTime.defaultIdentifier:
            let time = try GeneralizedTime(derEncoded: node)
            fields = (time.year, time.month, time.day, time.hours, time.minutes, Double(time.seconds) + time.fractionalSeconds)
        default:
            throw ASN1Error.unexpectedFieldType(node.identifier)
        }
        let days = Self.days(year: fields.year, month: fields.month, day: fields.day)
        date = Date(timeIntervalSince1970: Double(days * 86_400 + fields.hours * 3600 + fields.minutes * 60) + fields.seconds)
    }

    /// UTCTime through 2049, GeneralizedTime from 2050 on (RFC 5280
    /// §5.1.2.4), to whole seconds, always in UTC ("Z").
    func serialize(into coder: inout DER.Serializer) throws {
        // Years 1 to 9999, all GeneralizedTime's four digits can say.
        guard (-62_135_596_800.0...253_402_300_799.0).contains(date.timeIntervalSince1970) else {
            throw PKIFiles.Failure(description: "\(date) cannot be written as an X.509 time")
        }
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - dayNumber * 86_400
        let (year, month, day) = Self.civil(days: dayNumber)
        let (hours, minutes, wholeSeconds) = (second / 3600, second / 60 % 60, second % 60)
        if (1950..<2050).contains(year) {
            try coder.serialize(UTCTime(year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: wholeSeconds))
        } else {
            try coder.serialize(GeneralizedTime(year: year, month: month, day: day, hours: hours, minutes: minutes,
                                                seconds: wholeSeconds, fractionalSeconds: 0))
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date, and back
    /// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    static func days(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    }
}
