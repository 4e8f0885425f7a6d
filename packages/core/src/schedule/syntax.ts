import type { Span } from '../diagnostics/types.js'
import type { Day } from './types.js'

/** One item of a day list: a day, a range or a named group, with the days it stands for. */
export interface DayItem {
  days: Day[]
  span: Span
  /** An error was reported inside it (`lunes`, `1,3`): its days are unknown, not empty. */
  reported?: boolean
}

export interface DaySet {
  items: DayItem[]
  except: DayItem[]
  span: Span
}

export type DateExpr =
  | { kind: 'absolute'; year: number; month: number; day: number }
  | { kind: 'today' }
  | { kind: 'tomorrow' }
  | { kind: 'next'; weekday: number }
  /** A relative date read by the free-form reader (`Jan 5th`, `in two weeks`), resolved against today in the zone. */
  | { kind: 'free'; text: string }

/** The clauses of docs/schedule-language.md#grammar, as written; the compiler turns them into a Schedule. */
export type Clause =
  | { kind: 'recurrence'; form: 'daily'; except: DayItem[]; span: Span }
  | { kind: 'recurrence'; form: 'weekly'; span: Span }
  | { kind: 'recurrence'; form: 'days'; days: DaySet; span: Span }
  | { kind: 'on-days'; days: DaySet; span: Span }
  | { kind: 'time'; minutes: number; word: 'midnight' | 'noon' | '12am' | undefined; span: Span; valueSpan: Span }
  | { kind: 'zone'; canonical: string; spelled: string; written: string; span: Span; valueSpan: Span }
  | { kind: 'start'; date: DateExpr; span: Span; valueSpan: Span }
  | { kind: 'name'; label: string; span: Span }
  | { kind: 'profile'; profile: { id: number } | { title: string }; span: Span }

export type ClauseKind = Clause['kind']
